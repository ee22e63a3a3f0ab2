using System.Text;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>Webhook bodies of the shape Replicate posts (our own sample values).</summary>
internal static class Payloads
{
    public const string Prediction = """
        {"id":"q3d8mrxwsxrgm0cj7f2rh5rn0c","model":"acme/hello-world","version":"5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
         "input":{"text":"Alice"},"logs":"","output":"hello Alice","data_removed":false,"error":null,"status":"succeeded","source":"api",
         "created_at":"2026-01-02T03:04:05.123456Z","started_at":"2026-01-02T03:04:06Z","completed_at":"2026-01-02T03:04:07.5Z",
         "urls":{"get":"https://api.replicate.com/v1/predictions/q3d8mrxwsxrgm0cj7f2rh5rn0c",
                 "cancel":"https://api.replicate.com/v1/predictions/q3d8mrxwsxrgm0cj7f2rh5rn0c/cancel",
                 "web":"https://replicate.com/p/q3d8mrxwsxrgm0cj7f2rh5rn0c"},
         "metrics":{"predict_time":1.25,"total_time":2.5},"a_field_from_the_future":[1,2,3]}
        """;

    public const string Training = """
        {"id":"zz4ibbonubfz7carwiefibzgga","model":"acme/trainer","version":"b3f2ff0a8b3c4b1e9c2d7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d",
         "input":{"steps":10},"status":"processing","created_at":"2026-01-02T03:04:05Z","logs":"step 1/10",
         "urls":{"get":"https://api.replicate.com/v1/trainings/zz4ibbonubfz7carwiefibzgga",
                 "cancel":"https://api.replicate.com/v1/trainings/zz4ibbonubfz7carwiefibzgga/cancel"},
         "output":{"version":"acme/tuned:1234","weights":"https://example.invalid/weights.tar"}}
        """;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
