using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Replicate.Client.Errors;
using Replicate.Testing;

namespace Replicate.Client.Tests.Hostile;

/// <summary>
/// Generated hostile bodies (FsCheck): whatever a server answers — random bytes, mangled predictions, any status,
/// any media type — a call either succeeds or throws a <see cref="ReplicateException"/>, never anything else.
/// </summary>
public class HostileBodyProperties
{
    private static readonly Gen<byte[]> Mangled =
        from cut in Gen.Choose(0, TestClients.Prediction.Length)
        from noise in ArbMap.Default.GeneratorFor<byte[]>()
        from kind in Gen.Choose(0, 3)
        select kind switch
        {
            0 => Encoding.UTF8.GetBytes(TestClients.Prediction[..cut]),                              // truncated
            1 => [.. Encoding.UTF8.GetBytes(TestClients.Prediction[..cut]), .. noise],                // truncated, then garbage
            2 => noise,                                                                               // garbage
            _ => Encoding.UTF8.GetBytes(TestClients.Prediction.Replace("\"p1\"", Encoding.Latin1.GetString(noise).Length > 0 ? "1" : "null", StringComparison.Ordinal)),
        };

    private static readonly Gen<(int Status, string Media, byte[] Body)> Responses =
        from status in Gen.Elements(200, 201, 204, 301, 302, 400, 401, 404, 409, 422, 429, 500, 503)
        from media in Gen.Elements("application/json", "application/problem+json", "text/html", "text/plain", "application/octet-stream")
        from body in Mangled
        select (status, media, body);

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Any_response_is_success_or_a_replicate_exception() =>
        Prop.ForAll(Responses.ToArbitrary(), response =>
        {
            using var client = new ReplicateClient(new ReplicateClientOptions
            {
                BaseAddress = new Uri("https://api.example.test/v1/"),
                ApiToken = TestClients.Token,
                Transport = new Fixed(response.Status, response.Media, response.Body),
                TimeProvider = new FakeTimeProvider(),
            });
            try
            {
                client.Predictions.GetAsync("p1").GetAwaiter().GetResult();
                return true;
            }
            catch (ReplicateException e)
            {
                return !e.Message.Contains(TestClients.Token, StringComparison.Ordinal) && e.Operation.Length > 0;
            }
        });

    private sealed class Fixed(int status, string media, byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", media);
            return Task.FromResult(response);
        }
    }
}
