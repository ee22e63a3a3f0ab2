using System.Text.Json;
using System.Text.Json.Nodes;
using Replicate.Client.ModelSchemas;
using Replicate.Tools.Drift;
using Replicate.Tools.Models;
using Replicate.Tools.Spec;

namespace Replicate.Tools.Cli;

/// <summary>
/// The <c>model</c> verbs: <c>validate</c> checks an input against a version's <c>openapi_schema</c> with the library's
/// own validator (compiled in from src/Replicate.Client/ModelSchemas); <c>add</c>, <c>update</c>, <c>drift</c> and
/// <c>generate</c> keep the pinned models of <c>models/models.lock.json</c> (docs/model-schemas.md, "Pinned models").
/// </summary>
internal sealed class ModelCommands(TextWriter stdout, TextWriter stderr, HttpMessageHandler? handler = null, Func<string, string?>? environment = null, TimeProvider? time = null)
{
    public const string Usage = """
        usage: replicate-tools model validate --schema <file> --input <file>
               replicate-tools model add <owner/name[:version]> [--type-name <Name>] [--schema-file <file> --version-id <id>]
               replicate-tools model update [<owner/name[:version]> ...]
               replicate-tools model drift [--markdown-out <file>] [--json-out <file>] [--accept]
               replicate-tools model generate --out <file.cs> [--namespace <ns>]
          validate  --schema: a model version's openapi_schema document (components.schemas.Input)
                    --input: the prediction input, a JSON object
                    exit 0 when valid; exit 1 when invalid, one stderr line per error, field first:
                    /num_outputs: maximum: 5 > 4
          add       pin a model (its latest version, or the one named) in models/models.lock.json, with its structural
                    schema (no descriptions, titles or free-text defaults) under models/schemas/; fetched from the API
                    (REPLICATE_API_TOKEN, REPLICATE_BASE_URL), or from a recorded openapi_schema with --schema-file
          update    move pinned models (all by default) to their latest version (or the one named); prints what changed
          drift     compare each pinned model with its latest version (rules model-* in docs/drift-rules.md);
                    --accept moves them when nothing breaks
          generate  write the C# of the pinned models' typed inputs and outputs (Replicate.Models runs it)
          common:   --root <repository root> (default: found from the current folder)
        exit codes: 0 valid / no breaking drift, 1 invalid input / breaking drift, 2 bad usage, unreadable files or an API error
        """;

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<int> RunAsync(string command, Args args, CancellationToken cancellationToken) => command switch
    {
        "validate" => Validate(args),
        "add" => await AddAsync(args, cancellationToken).ConfigureAwait(false),
        "update" => await UpdateAsync(args, cancellationToken).ConfigureAwait(false),
        "drift" => await DriftAsync(args, cancellationToken).ConfigureAwait(false),
        "generate" => Generate(args),
        _ => throw new UsageException($"unknown model command '{command}'"),
    };

    private int Validate(Args args)
    {
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

    private async Task<int> AddAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var reference = Reference(args.Positional.Count == 1 ? args.Positional[0] : throw new UsageException("model add takes one owner/name[:version]"));
        var typeName = args.Get("type-name");
        var schemaFile = args.Get("schema-file");
        var versionId = args.Get("version-id");
        args.RejectUnknown();
        var modelLock = ModelLock.Load(paths.ModelsLock);
        if (modelLock.Find(reference.Model) is { } pinned)
        {
            throw new UsageException($"{reference.Model} is already pinned (version {pinned.Version}): use 'model update {reference.Model}'");
        }

        typeName ??= PinnedModelGenerator.MemberName(reference.Model[(reference.Model.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        if (!ModelLock.TypeNamePattern().IsMatch(typeName) || modelLock.Models.Any(m => m.TypeName == typeName))
        {
            throw new UsageException($"--type-name {typeName}: a PascalCase C# name no other pinned model uses is needed");
        }

        FetchedVersion fetched;
        string source;
        if (schemaFile is not null)
        {
            var version = versionId ?? reference.Version ?? throw new UsageException("--schema-file needs the version it belongs to: --version-id <id> or owner/name:version");
            if (!ModelLock.VersionId().IsMatch(version))
            {
                throw new UsageException($"--version-id {version}: a version id is alphanumeric");
            }

            fetched = new FetchedVersion(reference.Model, version, ReadSchemaFile(schemaFile));
            source = "recorded";
        }
        else
        {
            if (versionId is not null)
            {
                throw new UsageException("--version-id goes with --schema-file; to pin a version from the API, write owner/name:version");
            }

            fetched = await Source.FetchAsync(reference.Model, reference.Version, cancellationToken).ConfigureAwait(false);
            source = "api";
        }

        var entry = Write(paths, modelLock, fetched, typeName, source, previous: null);
        stdout.WriteLine($"pinned {entry.Model} at {entry.Version} as {entry.TypeName} ({ModelFacets.Read(ModelLock.ReadSchema(paths, entry)).Inputs.Count} inputs; schema {paths.Display(Path.Combine(paths.ModelsDir, entry.Schema))})");
        return 0;
    }

    private async Task<int> UpdateAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        args.RejectUnknown();
        var modelLock = ModelLock.Load(paths.ModelsLock);
        var targets = args.Positional.Count == 0
            ? modelLock.Models.Select(m => (m, Version: (string?)null)).ToList()
            : args.Positional.Select(Reference).Select(r => (modelLock.Find(r.Model) ?? throw new UsageException($"{r.Model} is not pinned: use 'model add {r.Model}'"), r.Version)).ToList();
        foreach (var (entry, version) in targets)
        {
            var fetched = await Source.FetchAsync(entry.Model, version, cancellationToken).ConfigureAwait(false);
            var result = Compare(paths, entry, fetched);
            if (fetched.Version == entry.Version && result.Changes.Count == 0)
            {
                stdout.WriteLine($"{entry.Model}: already at {entry.Version}");
                continue;
            }

            modelLock = ModelLock.Load(paths.ModelsLock);
            Write(paths, modelLock, fetched, entry.TypeName, "api", entry);
            stdout.WriteLine($"{entry.Model}: {entry.Version} -> {fetched.Version} ({DiffReport.Summary(result)})");
            foreach (var change in result.Changes.Where(c => c.Id != "model-version-changed"))
            {
                stdout.WriteLine($"  {DiffReport.Level(change.Level)} {change.Id} {change.Location}: {change.Message}");
            }
        }

        return 0;
    }

    private async Task<int> DriftAsync(Args args, CancellationToken cancellationToken)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var markdownOut = args.Get("markdown-out");
        var jsonOut = args.Get("json-out");
        var accept = args.Flag("accept");
        args.RejectUnknown();
        var modelLock = ModelLock.Load(paths.ModelsLock);
        var changes = new List<DriftChange>();
        var latest = new List<(PinnedModelEntry Entry, FetchedVersion Fetched)>();
        foreach (var entry in modelLock.Models)
        {
            var fetched = await Source.FetchAsync(entry.Model, version: null, cancellationToken).ConfigureAwait(false);
            changes.AddRange(Compare(paths, entry, fetched).Changes);
            latest.Add((entry, fetched));
        }

        var result = new DiffResult(changes);
        var latestName = $"latest versions of {modelLock.Models.Count} pinned model{(modelLock.Models.Count == 1 ? "" : "s")}";
        stdout.Write(DiffReport.Text(result, "models/models.lock.json", latestName, "model drift"));
        if (markdownOut is not null)
        {
            AtomicFile.WriteText(markdownOut, DiffReport.Markdown(result, "models/models.lock.json", latestName, "Model-schema drift"));
        }

        if (jsonOut is not null)
        {
            AtomicFile.WriteText(jsonOut, DiffReport.Json(result));
        }

        if (result.Breaking > 0)
        {
            return 1;
        }

        if (accept)
        {
            foreach (var (entry, fetched) in latest.Where(l => l.Fetched.Version != l.Entry.Version))
            {
                Write(paths, ModelLock.Load(paths.ModelsLock), fetched, entry.TypeName, "api", entry);
                stdout.WriteLine($"accepted {entry.Model} at {fetched.Version}");
            }
        }

        return 0;
    }

    private int Generate(Args args)
    {
        var paths = RepoPaths.Discover(args.Get("root"));
        var output = args.Require("out");
        var @namespace = args.Get("namespace") ?? "Replicate.Models";
        args.RejectUnknown();
        var modelLock = ModelLock.Load(paths.ModelsLock);
        var code = PinnedModelGenerator.Generate(modelLock.Models.Select(m => (m, ModelLock.ReadSchema(paths, m))), @namespace);
        if (!File.Exists(output) || File.ReadAllText(output) != code)
        {
            AtomicFile.WriteText(output, code);
        }

        stdout.WriteLine($"generated {modelLock.Models.Count} pinned model{(modelLock.Models.Count == 1 ? "" : "s")} into {paths.Display(output)}");
        return 0;
    }

    private ModelSource Source => new(handler, _environment);

    private static DiffResult Compare(RepoPaths paths, PinnedModelEntry entry, FetchedVersion fetched) =>
        ModelSchemaDiffer.Diff(entry.Model, entry.Version, ModelLock.ReadSchema(paths, entry), fetched.Version, StructuralModelSchema.From(fetched.OpenApiSchema));

    // Schema first (a new file named by its version), then the lock, then the old schema goes: a crash at any point
    // leaves a lock that names a schema that exists and matches its hash.
    private PinnedModelEntry Write(RepoPaths paths, ModelLock modelLock, FetchedVersion fetched, string typeName, string source, PinnedModelEntry? previous)
    {
        var structural = StructuralModelSchema.From(fetched.OpenApiSchema);
        var text = StructuralModelSchema.Text(structural);
        var relative = ModelLock.SchemaPath(fetched.Model, fetched.Version);
        AtomicFile.WriteText(Path.Combine(paths.ModelsDir, relative), text);
        var entry = new PinnedModelEntry(fetched.Model, typeName, fetched.Version, relative, StructuralModelSchema.Sha256(text), _time.GetUtcNow(), source);
        AtomicFile.WriteText(paths.ModelsLock, modelLock.With(entry).Text());
        if (previous is not null && previous.Schema != relative)
        {
            File.Delete(Path.Combine(paths.ModelsDir, previous.Schema));
        }

        return entry;
    }

    private static (string Model, string? Version) Reference(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var model = colon < 0 ? text : text[..colon];
        var version = colon < 0 ? null : text[(colon + 1)..];
        if (!ModelLock.ModelName().IsMatch(model) || version is not null && !ModelLock.VersionId().IsMatch(version))
        {
            throw new UsageException($"'{text}' is not owner/name or owner/name:version");
        }

        return (model, version);
    }

    private static JsonObject ReadSchemaFile(string file)
    {
        var text = Read(file, "--schema-file");
        JsonObject document;
        try
        {
            document = Normalization.JsonUtil.ParseObject(text, "--schema-file " + file);
        }
        catch (JsonException e)
        {
            throw new UsageException($"--schema-file {file}: not JSON: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }

        // A whole version response (GET .../versions/{id}) is accepted too: its openapi_schema is the document.
        return document["openapi_schema"] as JsonObject is { } inner ? (JsonObject)inner.DeepClone() : document;
    }
}
