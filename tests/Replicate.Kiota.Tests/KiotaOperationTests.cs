using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Replicate.Client;
using Replicate.Testing;

namespace Replicate.Kiota.Tests;

/// <summary>
/// Every operation of the committed baseline, reached through the Kiota client and sent: the request builder chain is
/// walked from the path (a property per segment, the indexer per parameter), the method named after the HTTP method is
/// called (<c>QueryAsync</c> for QUERY), and the request that arrives must be that method on that path. The operations
/// come from the baseline, so one added upstream and accepted is checked without a line here.
/// </summary>
public class KiotaOperationTests
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "query"];

    public static IEnumerable<TestCaseData> Operations()
    {
        var baseline = JsonNode.Parse(File.ReadAllText(RepoRoot.Combine("openapi", "replicate.baseline.json")))!;
        foreach (var (path, item) in baseline["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(m => item![m] is JsonObject))
            {
                yield return new TestCaseData(method.ToUpperInvariant(), path).SetName($"{method.ToUpperInvariant()} {path}");
            }
        }
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Every_baseline_operation_is_reachable_and_goes_out_as_its_method_and_path(string method, string template)
    {
        var transport = new RecordingTransport();
        var options = new ReplicateClientOptions { ApiToken = "r8_test", BaseAddress = new Uri("http://127.0.0.1:9/v1/"), Transport = transport };
        options.Retry.Enabled = false;
        using var replicate = ReplicateKiotaClient.Create(options);

        object builder = replicate;
        var expectedPath = "/v1";
        var index = 0;
        foreach (var segment in template.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.StartsWith('{'))
            {
                var value = "p" + ++index;
                var indexer = builder.GetType().GetProperties().SingleOrDefault(p => p.GetIndexParameters().Length == 1);
                indexer.Should().NotBeNull($"{template}: {builder.GetType().Name} needs an indexer for {segment}");
                builder = indexer!.GetValue(builder, [value])!;
                expectedPath += "/" + value;
            }
            else
            {
                var property = builder.GetType().GetProperties()
                    .SingleOrDefault(p => p.GetIndexParameters().Length == 0 && typeof(BaseRequestBuilder).IsAssignableFrom(p.PropertyType)
                        && string.Equals(p.Name, segment.Replace("-", string.Empty).Replace("_", string.Empty), StringComparison.OrdinalIgnoreCase));
                property.Should().NotBeNull($"{template}: {builder.GetType().Name} needs a request builder for '{segment}'");
                builder = property!.GetValue(builder)!;
                expectedPath += "/" + segment;
            }
        }

        var name = char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant() + "Async";
        var call = builder.GetType().GetMethods().SingleOrDefault(m => m.Name == name);
        call.Should().NotBeNull($"{method} {template}: {builder.GetType().Name}.{name}");
        transport.Answer = Answer(call!);

        var task = (Task)call!.Invoke(builder, [.. call.GetParameters().Select(Argument)])!;
        await task;

        var request = transport.Requests.Should().ContainSingle().Which;
        request.Method.Method.Should().Be(method);
        request.RequestUri!.AbsolutePath.Should().Be(expectedPath);
        request.Headers.Authorization!.ToString().Should().Be("Bearer r8_test");
    }

    // A body the parameter takes (models have a parameterless constructor, multipart and text are built), else defaults.
    private static object? Argument(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => "text",
        var t when t == typeof(MultipartBody) => FileUpload.Create(new MemoryStream([1, 2, 3]), "a.bin"),
        var t when t == typeof(CancellationToken) => CancellationToken.None,
        var t when typeof(IParsable).IsAssignableFrom(t) => Activator.CreateInstance(t),
        _ => null,
    };

    // What the server would send for the call's return type, so that Kiota reads a result.
    private static Func<HttpResponseMessage> Answer(MethodInfo call)
    {
        var result = call.ReturnType.IsGenericType ? call.ReturnType.GetGenericArguments()[0] : null;
        return result switch
        {
            null => () => new HttpResponseMessage(HttpStatusCode.NoContent),
            var t when t == typeof(string) => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("text", Encoding.UTF8, "text/plain") },
            var t when t == typeof(Stream) => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1]) { Headers = { ContentType = new("application/octet-stream") } } },
            var t when t.IsGenericType => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]", Encoding.UTF8, "application/json") },
            _ => () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}", Encoding.UTF8, "application/json") },
        };
    }

    private sealed class RecordingTransport : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public Func<HttpResponseMessage> Answer { get; set; } = () => new HttpResponseMessage(HttpStatusCode.NoContent);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(Answer());
        }
    }
}
