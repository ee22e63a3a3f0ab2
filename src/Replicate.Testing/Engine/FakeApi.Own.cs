using System.Globalization;
using System.Text;

namespace Replicate.Testing.Engine;

/// <summary>
/// What the fake serves outside the API's <c>/v1</c>: output files (in place of replicate.delivery, on the fake's own
/// origin, until the data lifetime ends) and server-sent-event streams of streaming models.
/// </summary>
internal sealed partial class FakeApi
{
    private Task<WireResponse> ServeOwnAsync(WireRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        _ = cancellationToken;
        return Task.FromResult(segments switch
        {
            ["fake", "outputs", var id, var file] when request.Method is "GET" or "HEAD" => Output(Uri.UnescapeDataString(id), Uri.UnescapeDataString(file), request, now),
            ["fake", "streams", var id] when request.Method == "GET" => Stream(id, request),
            ["fake", "web", ..] => WireResponse.Text(200, "text/html; charset=utf-8", "<html><body>The fake Replicate's web page.</body></html>"),
            _ => WireResponse.Problem(404, "Not found", $"No route for {request.Method} {request.Path}."),
        });
    }

    private WireResponse Output(string id, string file, WireRequest request, DateTimeOffset now)
    {
        var run = Runs.FirstOrDefault(r => r.Id == id);
        if (run is null || now >= run.End.At + Options.DataLifetime)
        {
            return WireResponse.Problem(404, "Not found", "This output does not exist or has expired.");
        }

        if (run.IsTraining && file == "weights.tar" && run.StatusAt(now) == "succeeded")
        {
            return new WireResponse { ContentType = "application/x-tar", Body = Encoding.UTF8.GetBytes("fake weights of " + id) };
        }

        var item = run.OutputItemsAt(now).FirstOrDefault(o => o.Kind == FakeOutputKind.File && o.FileName == file);
        if (item is null)
        {
            return WireResponse.Problem(404, "Not found", "This output does not exist or has expired.");
        }

        var content = item.Content.ToArray();
        // Ranges, so a client can resume a download cut mid-body.
        if (request.Header("Range") is { } range && System.Net.Http.Headers.RangeHeaderValue.TryParse(range, out var parsed)
            && parsed.Ranges.Count == 1 && parsed.Ranges.First() is { From: { } from } r && from < content.Length)
        {
            var to = Math.Min(r.To ?? (content.Length - 1), content.Length - 1);
            var partial = new WireResponse { Status = 206, ContentType = item.ContentType, Body = content[(int)from..((int)to + 1)] };
            partial.Headers["Content-Range"] = $"bytes {from}-{to}/{content.Length}";
            partial.Headers["Accept-Ranges"] = "bytes";
            return partial;
        }

        var whole = new WireResponse { ContentType = item.ContentType, Body = content };
        whole.Headers["Accept-Ranges"] = "bytes";
        return whole;
    }

    private WireResponse Stream(string id, WireRequest request)
    {
        var run = Runs.FirstOrDefault(r => r.Id == id && r.Script.Streams);
        if (run is null)
        {
            return WireResponse.Problem(404, "Not found", "No stream for this prediction.");
        }

        var resumeAfter = int.TryParse(request.Header("Last-Event-ID"), CultureInfo.InvariantCulture, out var last) ? last : 0;
        var response = new WireResponse { ContentType = "text/event-stream" };
        response.Headers["Cache-Control"] = "no-store";
        response.Writer = (stream, ct) => WriteEventsAsync(run, resumeAfter, stream, ct);
        return response;
    }

    // Events, in order: each output item (text as is, files as their URL) and log line when it appears, then done
    // (or error). Ids count from 1, so a cut stream resumes with Last-Event-ID.
    private async Task WriteEventsAsync(RunState run, int resumeAfter, Stream stream, CancellationToken cancellationToken)
    {
        await WriteAsync(stream, ": fake replicate stream\n\n", cancellationToken).ConfigureAwait(false);
        var timeline = run.OutputTimeline().Select(o => (o.At, Event: "output", Data: OutputText(run, o.Item)))
            .Concat(run.LogTimeline().Select(l => (l.At, Event: "logs", Data: l.Line)))
            .OrderBy(e => e.At)
            .ToList();
        var sent = 0;
        while (true)
        {
            var now = Time.GetUtcNow();
            var end = run.End;
            var until = now < end.At ? now : end.At;
            for (; sent < timeline.Count && timeline[sent].At <= until && now >= run.StartAt; sent++)
            {
                if (sent + 1 > resumeAfter)
                {
                    var (_, name, data) = timeline[sent];
                    await WriteAsync(stream, Frame(sent + 1, name, data), cancellationToken).ConfigureAwait(false);
                }
            }

            if (now >= end.At)
            {
                var final = end.Status == "failed"
                    ? Frame(null, "error", run.Script.Error ?? "failed")
                    : Frame(null, "done", end.Status == "succeeded" ? "{}" : "{\"reason\": \"" + end.Status + "\"}");
                await WriteAsync(stream, final, cancellationToken).ConfigureAwait(false);
                return;
            }

            var wake = new TaskCompletionSource();
            void OnChanged() => wake.TrySetResult();
            run.Changed += OnChanged;
            try
            {
                await WaitAsync(run.NextChangeAfter(now) ?? end.At, wake.Task, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                run.Changed -= OnChanged;
            }
        }
    }

    private string OutputText(RunState run, FakeOutput item) => item.Kind == FakeOutputKind.Text
        ? item.Text!
        : run.ItemJson(this, item) is { } node && node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : run.ItemJson(this, item)?.ToJsonString() ?? "null";

    private static string Frame(int? id, string name, string data)
    {
        var builder = new StringBuilder();
        if (id is { } n)
        {
            builder.Append(CultureInfo.InvariantCulture, $"id: {n}\n");
        }

        builder.Append("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            builder.Append("data: ").Append(line).Append('\n');
        }

        return builder.Append('\n').ToString();
    }

    private static async Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
