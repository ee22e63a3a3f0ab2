using System.Text.Json;
using Replicate.Client.Webhooks;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>Verified deliveries: what they keep, how payloads parse, and the stream overload.</summary>
public class WebhookDeliveryTests
{
    private static readonly WebhookSecret Secret = StandardVector.ParsedSecret;

    [Test]
    public void A_verified_prediction_delivery_parses_as_a_prediction()
    {
        var body = Payloads.Bytes(Payloads.Prediction);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_prediction", StandardVector.Timestamp, body);

        var delivery = WebhookDelivery.Verify(Secret, headers, body, StandardVector.At());
        var prediction = delivery.ParsePrediction();

        delivery.Id.Should().Be("msg_prediction");
        delivery.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(StandardVector.Timestamp));
        delivery.Body.ToArray().Should().Equal(body);
        delivery.Kind.Should().Be(WebhookPayloadKind.Prediction);
        prediction.Id.Should().Be("q3d8mrxwsxrgm0cj7f2rh5rn0c");
        prediction.Status.ToString().Should().Be("succeeded");
        prediction.Model.Should().Be("acme/hello-world");
        prediction.CompletedAt.Should().Be(new DateTimeOffset(2026, 1, 2, 3, 4, 7, 500, TimeSpan.Zero));
        prediction.Urls.Get.Should().Be(new Uri("https://api.replicate.com/v1/predictions/q3d8mrxwsxrgm0cj7f2rh5rn0c"));
        prediction.Metrics!.TotalTime.Should().Be(2.5);
        prediction.Output.Should().BeOfType<JsonElement>().Which.GetString().Should().Be("hello Alice");
        prediction.Id.Should().NotBeEmpty("a field the model does not know yet (a_field_from_the_future) is skipped, not fatal");
    }

    [Test]
    public void A_verified_training_delivery_parses_as_a_training()
    {
        var body = Payloads.Bytes(Payloads.Training);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_training", StandardVector.Timestamp, body);

        var delivery = WebhookDelivery.Verify(Secret, headers, body, StandardVector.At());
        var training = delivery.ParseTraining();

        delivery.Kind.Should().Be(WebhookPayloadKind.Training);
        training.Id.Should().Be("zz4ibbonubfz7carwiefibzgga");
        training.Status.ToString().Should().Be("processing");
        training.Output!.Weights.Should().Be("https://example.invalid/weights.tar");
        training.Urls!.Cancel.Should().Be(new Uri("https://api.replicate.com/v1/trainings/zz4ibbonubfz7carwiefibzgga/cancel"));
    }

    [TestCase("""{"urls":{"get":"https://api.replicate.com/v1/models/acme/x"}}""", TestName = "Kind of a link to neither")]
    [TestCase("""{"id":"x"}""", TestName = "Kind without urls")]
    [TestCase("""{"urls":"https://api.replicate.com/v1/predictions/x"}""", TestName = "Kind with urls not an object")]
    [TestCase("""[1,2]""", TestName = "Kind of an array")]
    [TestCase("""not json""", TestName = "Kind of text")]
    [TestCase("", TestName = "Kind of an empty body")]
    public void A_body_without_a_prediction_or_training_link_is_of_unknown_kind(string text)
    {
        var body = Payloads.Bytes(text);

        var delivery = WebhookDelivery.Verify(Secret, WebhookSigner.CreateHeaders(Secret, "msg_x", StandardVector.Timestamp, body), body, StandardVector.At());

        delivery.Kind.Should().Be(WebhookPayloadKind.Unknown);
    }

    [Test]
    public void The_kind_is_read_from_urls_get_wherever_urls_sits_in_the_object()
    {
        var body = Payloads.Bytes("""{"input":{"urls":{"get":"https://api.replicate.com/v1/trainings/decoy"}},"urls":{"cancel":"x","get":"https://api.replicate.com/v1/predictions/p1"},"z":1}""");

        var delivery = WebhookDelivery.Verify(Secret, WebhookSigner.CreateHeaders(Secret, "msg_x", StandardVector.Timestamp, body), body, StandardVector.At());

        delivery.Kind.Should().Be(WebhookPayloadKind.Prediction, "only the top-level urls.get counts, not one nested in the input");
    }

    [Test]
    public void Parsing_a_body_that_is_not_a_json_object_throws_JsonException()
    {
        foreach (var text in new[] { "null", "not json" })
        {
            var body = Payloads.Bytes(text);
            var delivery = WebhookDelivery.Verify(Secret, WebhookSigner.CreateHeaders(Secret, "msg_x", StandardVector.Timestamp, body), body, StandardVector.At());

            delivery.Invoking(d => d.ParsePrediction()).Should().Throw<JsonException>();
            delivery.Invoking(d => d.ParseTraining()).Should().Throw<JsonException>();
        }
    }

    [Test]
    public void A_rejected_delivery_throws_or_returns_the_reason_and_no_delivery()
    {
        var body = Payloads.Bytes(Payloads.Prediction);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_x", StandardVector.Timestamp, body);

        WebhookDelivery.TryVerify(Secret, headers, body, out var delivery, out var reason, StandardVector.At(301)).Should().BeFalse();
        delivery.Should().BeNull();
        reason.Should().Be(WebhookFailureReason.TimestampTooOld);
        FluentActions.Invoking(() => WebhookDelivery.Verify(Secret, headers with { Id = "msg_y" }, body, StandardVector.At()))
            .Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.NoMatchingSignature);
        WebhookDelivery.Verify(Secret, headers, Payloads.Prediction, StandardVector.At()).Id.Should().Be("msg_x", "a text body verifies as its UTF-8 bytes");
    }

    [Test]
    public async Task A_stream_body_is_read_once_without_seeking_and_then_verified()
    {
        var body = Payloads.Bytes(Payloads.Prediction);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_stream", StandardVector.Timestamp, body);
        await using var stream = new ForwardOnlyStream(body);

        var delivery = await WebhookDelivery.VerifyAsync(Secret, headers, stream, StandardVector.At());

        delivery.ParsePrediction().Status.ToString().Should().Be("succeeded");
        stream.Reads.Should().BeGreaterThan(0);
        (await stream.ReadAsync(new byte[1])).Should().Be(0, "the stream was read to its end");
    }

    [Test]
    public async Task A_seekable_stream_is_read_from_its_current_position()
    {
        var body = Payloads.Bytes(Payloads.Training);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_stream", StandardVector.Timestamp, body);
        await using var stream = new MemoryStream([.. "ignored"u8, .. body]) { Position = 7 };

        var delivery = await WebhookDelivery.VerifyAsync(Secret, headers, stream, StandardVector.At());

        delivery.Body.ToArray().Should().Equal(body);
    }

    [Test]
    public async Task Missing_headers_fail_before_the_stream_is_read()
    {
        await using var stream = new ForwardOnlyStream(Payloads.Bytes(Payloads.Prediction));

        var act = () => WebhookDelivery.VerifyAsync(Secret, StandardVector.Headers with { Signature = null }, stream, StandardVector.At());

        (await act.Should().ThrowAsync<WebhookVerificationException>()).Which.Reason.Should().Be(WebhookFailureReason.MissingHeader);
        stream.Reads.Should().Be(0, "nothing is buffered for a delivery that cannot be verified");
    }

    /// <summary>A request-body-like stream: no seeking, no length, counts reads.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content);

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return _inner.Read(buffer, offset, Math.Min(count, 100));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return _inner.ReadAsync(buffer[..Math.Min(buffer.Length, 100)], cancellationToken);
        }

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
