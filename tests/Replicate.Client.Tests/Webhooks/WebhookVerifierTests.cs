using System.Security.Cryptography;
using System.Text;
using Replicate.Client.Webhooks;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The verifier against the Standard Webhooks vector, every failure reason, and the cases official SDKs get wrong.</summary>
public class WebhookVerifierTests
{
    private static readonly WebhookSecret Secret = StandardVector.ParsedSecret;

    [Test]
    public void The_standard_webhooks_vector_verifies_as_bytes_and_as_text_with_either_secret_form()
    {
        var options = StandardVector.At();

        WebhookVerifier.TryVerify(Secret, StandardVector.Headers, StandardVector.Body, out _, options).Should().BeTrue("the published vector is valid");
        WebhookVerifier.TryVerify(Secret, StandardVector.Headers, StandardVector.BodyText, out _, options).Should().BeTrue("a text body signs as its UTF-8 bytes");
        WebhookVerifier.TryVerify(StandardVector.Secret, StandardVector.Headers, StandardVector.Body, out _, options).Should().BeTrue("the whsec_ text is parsed on the fly");
        WebhookVerifier.TryVerify(StandardVector.Secret, StandardVector.Headers, StandardVector.BodyText, out _, options).Should().BeTrue();
        FluentActions.Invoking(() => WebhookVerifier.Verify(Secret, StandardVector.Headers, StandardVector.Body, options)).Should().NotThrow();
    }

    [Test]
    public void The_signer_reproduces_the_standard_webhooks_signature()
    {
        WebhookSigner.Sign(Secret, StandardVector.Id, StandardVector.Timestamp, StandardVector.Body).Should().Be(StandardVector.Signature);
        WebhookSigner.Sign(Secret, StandardVector.Id, StandardVector.Timestamp, StandardVector.BodyText).Should().Be(StandardVector.Signature);
        WebhookSigner.CreateHeaders(Secret, StandardVector.Id, StandardVector.Timestamp, StandardVector.Body).Should().Be(StandardVector.Headers);
    }

    [TestCase(null, "1614265330", StandardVector.Signature, TestName = "Missing webhook-id")]
    [TestCase("", "1614265330", StandardVector.Signature, TestName = "Empty webhook-id")]
    [TestCase(StandardVector.Id, null, StandardVector.Signature, TestName = "Missing webhook-timestamp")]
    [TestCase(StandardVector.Id, "", StandardVector.Signature, TestName = "Empty webhook-timestamp")]
    [TestCase(StandardVector.Id, "1614265330", null, TestName = "Missing webhook-signature")]
    [TestCase(StandardVector.Id, "1614265330", "", TestName = "Empty webhook-signature")]
    public void A_missing_or_empty_header_is_missing_header(string? id, string? timestamp, string? signature)
    {
        Reason(new WebhookHeaders(id, timestamp, signature)).Should().Be(WebhookFailureReason.MissingHeader);
    }

    [TestCase("whsec_")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("whsec_!!!not-base64!!!")]
    [TestCase("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwA")]
    public void A_secret_that_is_not_a_base64_key_is_invalid_secret(string secret)
    {
        WebhookVerifier.TryVerify(secret, StandardVector.Headers, StandardVector.Body, out var reason, StandardVector.At()).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.InvalidSecret);
        WebhookSecret.TryParse(secret, out _).Should().BeFalse();
        FluentActions.Invoking(() => WebhookSecret.Parse(secret))
            .Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.InvalidSecret);
        FluentActions.Invoking(() => WebhookSecret.FromKey([]))
            .Should().Throw<WebhookVerificationException>().Which.Token.Should().Be("invalid_secret");
    }

    [TestCase("abc")]
    [TestCase("+1614265330")]
    [TestCase("-1614265330")]
    [TestCase(" 1614265330")]
    [TestCase("1614265330 ")]
    [TestCase("1614265330.0")]
    [TestCase("1,614,265,330")]
    [TestCase("1614265330000000000000")]
    [TestCase("2021-02-25T15:02:10Z")]
    public void A_timestamp_that_is_not_whole_unix_seconds_is_invalid_timestamp(string timestamp)
    {
        Reason(StandardVector.Headers with { Timestamp = timestamp }).Should().Be(WebhookFailureReason.InvalidTimestamp);
    }

    [Test]
    public void A_timestamp_beyond_the_representable_range_is_invalid_even_with_an_unbounded_tolerance()
    {
        var options = StandardVector.At(tolerance: TimeSpan.MaxValue);

        WebhookVerifier.TryVerify(Secret, StandardVector.Headers with { Timestamp = "253402300800" }, StandardVector.Body, out var reason, options)
            .Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.InvalidTimestamp);
    }

    [TestCase(-301, WebhookFailureReason.TimestampTooNew)]
    [TestCase(-300, null)]
    [TestCase(-299, null)]
    [TestCase(0, null)]
    [TestCase(299, null)]
    [TestCase(300, null)]
    [TestCase(301, WebhookFailureReason.TimestampTooOld)]
    public void The_default_tolerance_is_300_seconds_either_side_inclusive(long nowMinusTimestamp, WebhookFailureReason? expected)
    {
        var valid = WebhookVerifier.TryVerify(Secret, StandardVector.Headers, StandardVector.Body, out var reason, StandardVector.At(nowMinusTimestamp));

        if (expected is null)
        {
            valid.Should().BeTrue($"a delivery {nowMinusTimestamp} s from now is within the 300 s tolerance");
        }
        else
        {
            valid.Should().BeFalse($"a delivery {nowMinusTimestamp} s from now is outside the 300 s tolerance");
            reason.Should().Be(expected.Value);
        }
    }

    [Test]
    public void The_tolerance_is_configurable_and_zero_means_this_very_second()
    {
        Reason(StandardVector.Headers, StandardVector.At(61, TimeSpan.FromMinutes(1))).Should().Be(WebhookFailureReason.TimestampTooOld);
        Reason(StandardVector.Headers, StandardVector.At(60, TimeSpan.FromMinutes(1))).Should().BeNull();
        Reason(StandardVector.Headers, StandardVector.At(3600, TimeSpan.FromHours(1))).Should().BeNull();
        Reason(StandardVector.Headers, StandardVector.At(0, TimeSpan.Zero)).Should().BeNull();
        Reason(StandardVector.Headers, StandardVector.At(-1, TimeSpan.Zero)).Should().Be(WebhookFailureReason.TimestampTooNew);
        FluentActions.Invoking(() => new WebhookVerificationOptions { Tolerance = TimeSpan.FromSeconds(-1) }).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void The_real_clock_is_the_default()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = "{}"u8.ToArray();

        WebhookVerifier.TryVerify(Secret, WebhookSigner.CreateHeaders(Secret, "msg_now", now, body), body, out _).Should().BeTrue();
        WebhookVerifier.TryVerify(Secret, WebhookSigner.CreateHeaders(Secret, "msg_old", now - 3600, body), body, out var reason).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.TimestampTooOld, "replay protection is on by default");
    }

    [Test]
    public void A_wrong_signature_is_no_matching_signature_and_Verify_throws_with_the_reason()
    {
        var headers = StandardVector.Headers with { Signature = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" };

        Reason(headers).Should().Be(WebhookFailureReason.NoMatchingSignature);
        var thrown = FluentActions.Invoking(() => WebhookVerifier.Verify(Secret, headers, StandardVector.Body, StandardVector.At()))
            .Should().Throw<WebhookVerificationException>().Which;
        thrown.Reason.Should().Be(WebhookFailureReason.NoMatchingSignature);
        thrown.Message.Should().Contain("no_matching_signature").And.NotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "messages never carry the secret");
    }

    [Test]
    public void The_valid_signature_is_found_after_malformed_and_foreign_tokens()
    {
        var header = string.Join(' ',
            "garbage",
            "v1,",
            ",v1",
            "v1,not base64 at all",
            "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            string.Empty,
            StandardVector.Signature);

        Reason(StandardVector.Headers with { Signature = header }).Should().BeNull("a malformed token must not stop the search for the valid one");
        Reason(StandardVector.Headers with { Signature = "  " + StandardVector.Signature + "  " }).Should().BeNull("surrounding spaces separate no tokens");
    }

    [Test]
    public void A_signature_header_sent_twice_verifies_when_the_framework_joins_its_values_with_commas()
    {
        // ASP.NET Core's request.Headers[name] turns repeated values into one string joined with ","; other stacks use ", ".
        var stale = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            [WebhookHeaders.IdName] = StandardVector.Id,
            [WebhookHeaders.TimestampName] = StandardVector.Headers.Timestamp,
            [WebhookHeaders.SignatureName] = new Microsoft.Extensions.Primitives.StringValues([stale, StandardVector.Signature]),
        };

        var joined = WebhookHeaders.FromLookup(name => headers[name]);

        joined.Signature.Should().Be(stale + "," + StandardVector.Signature, "this is what a receiver gets from ASP.NET Core");
        Reason(joined).Should().BeNull();
        Reason(StandardVector.Headers with { Signature = stale + ", " + StandardVector.Signature }).Should().BeNull();
        Reason(StandardVector.Headers with { Signature = "v2," + StandardVector.Signature[3..] + "," + stale }).Should()
            .Be(WebhookFailureReason.NoMatchingSignature, "joining values does not turn a v2 signature into a v1 one");
        Reason(StandardVector.Headers with { Signature = stale + "," + StandardVector.Signature[3..] }).Should()
            .Be(WebhookFailureReason.NoMatchingSignature, "a signature is read only after its own version");
    }

    [TestCase("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE")]
    [TestCase("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF=")]
    [TestCase("v1, g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [TestCase("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE==")]
    [TestCase("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OÉ=")]
    [TestCase("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O\uFF25=", TestName = "A fullwidth E in place of the last E")]
    public void Correct_bytes_under_another_version_or_in_another_spelling_are_rejected(string signature)
    {
        Reason(StandardVector.Headers with { Signature = signature }).Should().Be(WebhookFailureReason.NoMatchingSignature);
    }

    [Test]
    public void Tampering_with_the_body_the_id_or_the_timestamp_is_rejected()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"test": 2432232315}""");

        WebhookVerifier.TryVerify(Secret, StandardVector.Headers, tampered, out var bodyReason, StandardVector.At()).Should().BeFalse();
        bodyReason.Should().Be(WebhookFailureReason.NoMatchingSignature);
        Reason(StandardVector.Headers with { Id = StandardVector.Id + "x" }).Should().Be(WebhookFailureReason.NoMatchingSignature);
        Reason(StandardVector.Headers with { Timestamp = "1614265331" }).Should().Be(WebhookFailureReason.NoMatchingSignature);
        Reason(StandardVector.Headers with { Timestamp = "01614265330" }).Should().Be(WebhookFailureReason.NoMatchingSignature, "the timestamp is signed as the text received");
        WebhookVerifier.TryVerify(Secret, StandardVector.Headers, """{"test":2432232314}""", out _, StandardVector.At())
            .Should().BeFalse("a re-serialized body is not the body that was signed");
    }

    [TestCase("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", TestName = "Secret with prefix, no padding needed")]
    [TestCase("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", TestName = "Bare base64 secret")]
    [TestCase("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", TestName = "Secret with a trailing newline")]
    public void Secret_forms_of_the_vector_key_all_verify(string secret)
    {
        WebhookVerifier.TryVerify(secret, StandardVector.Headers, StandardVector.Body, out _, StandardVector.At()).Should().BeTrue();
    }

    [Test]
    public void Unpadded_and_padded_secrets_decode_to_the_same_key()
    {
        // A 31-byte key needs one '=' of padding; Replicate's documentation does not promise the padding is there.
        var key = Enumerable.Range(1, 31).Select(i => (byte)i).ToArray();
        var padded = "whsec_" + Convert.ToBase64String(key);
        var unpadded = padded.TrimEnd('=');
        var body = "{}"u8.ToArray();
        var headers = WebhookSigner.CreateHeaders(WebhookSecret.FromKey(key), "msg_1", StandardVector.Timestamp, body);

        padded.Should().EndWith("=");
        WebhookVerifier.TryVerify(padded, headers, body, out _, StandardVector.At()).Should().BeTrue();
        WebhookVerifier.TryVerify(unpadded, headers, body, out _, StandardVector.At()).Should().BeTrue("an unpadded secret is the same key");
        WebhookVerifier.TryVerify(WebhookSecret.Parse(unpadded), headers, body, out _, StandardVector.At()).Should().BeTrue();
    }

    [Test]
    public void An_empty_body_is_signed_and_verified_like_any_other()
    {
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_empty", StandardVector.Timestamp, []);

        WebhookVerifier.TryVerify(Secret, headers, ReadOnlySpan<byte>.Empty, out _, StandardVector.At()).Should().BeTrue();
        WebhookVerifier.TryVerify(Secret, headers, string.Empty, out _, StandardVector.At()).Should().BeTrue();
        headers.Signature.Should().Be("v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, "msg_empty.1614265330."u8)));
        WebhookVerifier.TryVerify(Secret, headers, " "u8, out var reason, StandardVector.At()).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.NoMatchingSignature);
    }

    [Test]
    public void A_one_mebibyte_body_verifies_and_a_flipped_last_byte_does_not()
    {
        var body = new byte[1024 * 1024];
        new Random(5).NextBytes(body);
        var headers = WebhookSigner.CreateHeaders(Secret, "msg_big", StandardVector.Timestamp, body);

        headers.Signature.Should().Be("v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, (byte[])[.. "msg_big.1614265330."u8, .. body])),
            "the streamed HMAC of a large body equals the one-shot HMAC of the whole signed content");
        WebhookVerifier.TryVerify(Secret, headers, body, out _, StandardVector.At()).Should().BeTrue();
        body[^1] ^= 1;
        WebhookVerifier.TryVerify(Secret, headers, body, out var reason, StandardVector.At()).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.NoMatchingSignature);
    }

    [TestCase(10)]
    [TestCase(30_000)]
    [TestCase(300_000)]
    public void A_text_body_verifies_exactly_as_its_utf8_bytes_even_with_surrogate_pairs_across_chunks(int repeats)
    {
        // Emoji (surrogate pairs) and 3-byte characters at every offset, so a pair straddles each encoding chunk;
        // a lone surrogate is encoded as U+FFFD by both paths.
        var text = string.Concat(Enumerable.Repeat("a😀é€", repeats)) + "\ud800";
        var bytes = Encoding.UTF8.GetBytes(text);
        var fromBytes = WebhookSigner.Sign(Secret, "msg_text", StandardVector.Timestamp, bytes);

        WebhookSigner.Sign(Secret, "msg_text", StandardVector.Timestamp, text).Should().Be(fromBytes);
        WebhookVerifier.TryVerify(Secret, new WebhookHeaders("msg_text", "1614265330", fromBytes), text, out _, StandardVector.At()).Should().BeTrue();
    }

    [Test]
    public void Long_and_non_ascii_ids_are_signed_as_utf8()
    {
        var id = "msg_" + new string('é', 10_000);
        var body = "{}"u8.ToArray();
        var headers = WebhookSigner.CreateHeaders(Secret, id, StandardVector.Timestamp, body);

        headers.Signature.Should().Be("v1," + Convert.ToBase64String(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(id + ".1614265330.{}"))));
        WebhookVerifier.TryVerify(Secret, headers, body, out _, StandardVector.At()).Should().BeTrue();
        var large = new byte[100_000];
        WebhookVerifier.TryVerify(Secret, WebhookSigner.CreateHeaders(Secret, id, StandardVector.Timestamp, large), large, out _, StandardVector.At()).Should().BeTrue();
    }

    [Test]
    public void Header_names_match_in_any_case()
    {
        var shouting = new Dictionary<string, string>
        {
            ["WEBHOOK-ID"] = StandardVector.Id,
            ["Webhook-Timestamp"] = "1614265330",
            ["webhook-SIGNATURE"] = StandardVector.Signature,
            ["content-type"] = "application/json",
        };
        var caseInsensitive = new Dictionary<string, string>(shouting, StringComparer.OrdinalIgnoreCase);

        WebhookHeaders.From(shouting).Should().Be(StandardVector.Headers);
        WebhookHeaders.FromLookup(name => caseInsensitive.GetValueOrDefault(name)).Should().Be(StandardVector.Headers);
        Reason(WebhookHeaders.From(shouting)).Should().BeNull();
        WebhookHeaders.From(new Dictionary<string, string> { ["webhook-id"] = "x" }).Should().Be(new WebhookHeaders("x", null, null));
    }

    [Test]
    public void Repeated_signature_headers_are_searched_together()
    {
        var pairs = new[]
        {
            KeyValuePair.Create("webhook-id", StandardVector.Id),
            KeyValuePair.Create("webhook-timestamp", "1614265330"),
            KeyValuePair.Create("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            KeyValuePair.Create("Webhook-Signature", StandardVector.Signature),
        };

        Reason(WebhookHeaders.From(pairs)).Should().BeNull();
    }

    [Test]
    public void Checks_run_in_the_documented_order()
    {
        Reason(new WebhookHeaders(null, "abc", "x")).Should().Be(WebhookFailureReason.MissingHeader, "headers come before the timestamp format");
        Reason(StandardVector.Headers with { Timestamp = "abc", Signature = "x" }).Should().Be(WebhookFailureReason.InvalidTimestamp, "the format comes before the signature");
        Reason(StandardVector.Headers with { Signature = "x" }, StandardVector.At(1000)).Should().Be(WebhookFailureReason.TimestampTooOld, "the window comes before the signature");
        WebhookVerifier.TryVerify("whsec_", new WebhookHeaders(null, null, null), StandardVector.Body, out var reason).Should().BeFalse();
        reason.Should().Be(WebhookFailureReason.InvalidSecret, "a bad secret is reported first");
    }

    [Test]
    public void The_secret_never_shows_in_its_text_form()
    {
        Secret.ToString().Should().Be("whsec_[redacted]");
        FluentActions.Invoking(() => WebhookSecret.Parse("whsec_!!" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
            .Should().Throw<WebhookVerificationException>().Which.Message.Should().NotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    [TestCase(1024)]
    [TestCase(256 * 1024)]
    [TestCase(1024 * 1024)]
    public void Verifying_a_byte_body_allocates_nothing_that_grows_with_the_body(int size)
    {
        var body = new byte[size];
        var headers = WebhookSigner.CreateHeaders(Secret, StandardVector.Id, StandardVector.Timestamp, body);
        var options = StandardVector.At();
        WebhookVerifier.TryVerify(Secret, headers, body, out _, options).Should().BeTrue();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            WebhookVerifier.TryVerify(Secret, headers, body, out _, options);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        TestContext.Out.WriteLine($"{size}: {perCall} B per call");
        perCall.Should().BeLessThan(1024, $"a {size}-byte body must be hashed in place or through pooled buffers");
    }

    private static byte[] Key => Convert.FromBase64String(StandardVector.Secret["whsec_".Length..]);

    private static WebhookFailureReason? Reason(WebhookHeaders headers, WebhookVerificationOptions? options = null) =>
        WebhookVerifier.TryVerify(Secret, headers, StandardVector.Body, out var reason, options ?? StandardVector.At()) ? null : reason;
}
