using System.Text.Json;
using Replicate.Client.ModelSchemas;

namespace Replicate.Tools.Cli;

/// <summary>
/// The <c>model</c> verbs: <c>validate</c> checks an input against a version's <c>openapi_schema</c> with the library's
/// own validator (compiled in from src/Replicate.Client/ModelSchemas), for scripts and for checking the validator.
/// </summary>
internal sealed class ModelCommands(TextWriter stdout, TextWriter stderr)
{
    public const string Usage = """
        usage: replicate-tools model validate --schema <file> --input <file>
          validate  --schema: a model version's openapi_schema document (components.schemas.Input)
                    --input: the prediction input, a JSON object
                    exit 0 when valid; exit 1 when invalid, one stderr line per error, field first:
                    /num_outputs: maximum: 5 > 4
        exit codes: 0 valid, 1 invalid input, 2 bad usage or unreadable files
        """;

    public int Run(string command, Args args)
    {
        if (command != "validate")
        {
            throw new UsageException($"unknown model command '{command}'");
        }

        var schemaFile = args.Require("schema");
        var inputFile = args.Require("input");
        args.RejectUnknown();

        ModelSchema schema;
        try
        {
            schema = ModelSchema.Parse(Read(schemaFile, "--schema"));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--schema {schemaFile}: {e.Message}");
        }

        using var input = ParseInput(Read(inputFile, "--input"), inputFile);
        var errors = schema.Validate(input.RootElement);
        foreach (var error in errors)
        {
            stderr.WriteLine(error.ToString().ReplaceLineEndings(" "));
        }

        if (errors.Count == 0)
        {
            stdout.WriteLine($"valid: {input.RootElement.GetPropertyCount()} inputs checked against {schema.InputNames.Count} in the schema");
            return 0;
        }

        return 1;
    }

    private static JsonDocument ParseInput(string text, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new UsageException($"--input {file}: not JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            throw new UsageException($"--input {file}: an input is a JSON object of input names and values, not a JSON {kind}");
        }

        return document;
    }

    private static string Read(string file, string option)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option} {file}: cannot be read: {e.Message}");
        }
    }
}
