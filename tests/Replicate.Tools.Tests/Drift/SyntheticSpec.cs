using System.Text.Json.Nodes;
using Replicate.Tools.Drift;
using Replicate.Tools.Normalization;

namespace Replicate.Tools.Tests.Drift;

/// <summary>
/// A small OpenAPI 3.1 document of our own (a bookshelf) that has one of everything the diff looks at: query,
/// path and header parameters, JSON and text bodies, a QUERY operation, request and response enums, nullable,
/// nested and array properties, several statuses.
/// </summary>
internal static class SyntheticSpec
{
    public const string Text = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Shelf", "version": "1.0.0", "description": "A shelf of books." },
          "paths": {
            "/books": {
              "get": {
                "operationId": "books.list",
                "summary": "List the books.",
                "parameters": [
                  { "name": "q", "in": "query", "schema": { "type": "string" } },
                  { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer" } },
                  { "name": "order", "in": "query", "schema": { "type": "string", "enum": ["asc", "desc"] } }
                ],
                "responses": {
                  "200": {
                    "description": "The books.",
                    "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/book" } } } }
                  }
                }
              },
              "post": {
                "operationId": "books.create",
                "requestBody": {
                  "required": true,
                  "content": { "application/json": { "schema": { "$ref": "#/components/schemas/book_request" } } }
                },
                "responses": {
                  "201": { "description": "Created.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/book" } } } },
                  "400": { "description": "Invalid.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/problem" } } } }
                }
              }
            },
            "/books/{book_id}": {
              "get": {
                "operationId": "books.get",
                "parameters": [ { "name": "book_id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": {
                  "200": { "description": "The book.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/book" } } } }
                }
              },
              "delete": {
                "operationId": "books.delete",
                "parameters": [ { "name": "book_id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "204": { "description": "Gone." } }
              }
            },
            "/books/{book_id}/note": {
              "put": {
                "operationId": "books.note",
                "parameters": [ { "name": "book_id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "requestBody": { "content": { "text/plain": { "schema": { "type": "string" } } } },
                "responses": {
                  "200": { "description": "Words in the note.", "content": { "application/json": { "schema": { "type": "integer" } } } }
                }
              }
            },
            "/books/search": {
              "query": {
                "operationId": "books.search",
                "requestBody": {
                  "required": true,
                  "content": { "application/json": { "schema": { "type": "object", "properties": { "text": { "type": "string" } } } } }
                },
                "responses": {
                  "200": {
                    "description": "Matches.",
                    "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/book" } } } }
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "book": {
                "type": "object",
                "description": "A book on the shelf.",
                "required": ["id", "title", "status"],
                "properties": {
                  "id": { "type": "string" },
                  "title": { "type": "string", "description": "As printed on the cover." },
                  "status": { "type": "string", "enum": ["available", "lent"] },
                  "rating": { "type": "number" },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "links": { "type": "object", "properties": { "self": { "type": "string", "format": "uri" } } },
                  "author": { "$ref": "#/components/schemas/person" }
                }
              },
              "book_request": {
                "type": "object",
                "required": ["title"],
                "properties": {
                  "title": { "type": "string" },
                  "kind": { "type": "string", "enum": ["novel", "essay"] },
                  "pages": { "type": "integer" }
                }
              },
              "person": { "type": "object", "properties": { "name": { "type": "string" } } },
              "editor": { "type": "object", "properties": { "name": { "type": "string" } } },
              "problem": { "type": "object", "properties": { "detail": { "type": "string" } } }
            }
          }
        }
        """;

    public static JsonObject Create() => JsonUtil.ParseObject(Text, "synthetic spec");

    public static SpecDocument Document(JsonObject document, string name = "doc") =>
        SpecDocument.Parse(document.ToJsonString(), name, new Normalizer());

    public static DiffResult Diff(JsonObject old, JsonObject @new) => SpecDiffer.Compare(Document(old, "old"), Document(@new, "new"));

    /// <summary>Diffs the base document against a changed copy of it.</summary>
    public static DiffResult Diff(Action<JsonObject> change)
    {
        var changed = Create();
        change(changed);
        return Diff(Create(), changed);
    }

    /// <summary>Diffs a changed copy against the base document: the same change, backwards.</summary>
    public static DiffResult DiffBackwards(Action<JsonObject> change)
    {
        var changed = Create();
        change(changed);
        return Diff(changed, Create());
    }

    public static JsonObject At(this JsonObject document, string pointer) =>
        JsonPointer.Evaluate(document, pointer) as JsonObject ?? throw new InvalidOperationException($"no object at {pointer}");

    public static JsonObject Schema(this JsonObject document, string name) => document.At("/components/schemas/" + name);

    public static JsonObject Property(this JsonObject document, string schema, string property) =>
        document.At($"/components/schemas/{schema}/properties/{property}");
}
