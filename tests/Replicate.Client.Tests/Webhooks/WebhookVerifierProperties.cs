using FsCheck;
using FsCheck.Fluent;
using Replicate.Client.Webhooks;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>Properties over generated deliveries: signing round-trips, and no single change slips through.</summary>
public class WebhookVerifierProperties
{
    private const long Now = 1_700_000_000;

    // Ids as they appear in headers: printable ASCII. (Two different lone surrogates would both encode as U+FFFD,
    // a change no byte-level signature can see, and no HTTP header can carry.)
    private static readonly Gen<string> Ids =
        Gen.Choose(0x21, 0x7E).Select(c => (char)c).NonEmptyListOf().Select(chars => new string([.. chars]));

    private static readonly Gen<byte[]> Keys = ArbMap.Default.GeneratorFor<byte[]>().Where(k => k.Length > 0);

    private static readonly Gen<byte[]> Bodies = ArbMap.Default.GeneratorFor<byte[]>();

    private static readonly Gen<Delivery> Deliveries =
        from key in Keys
        from id in Ids
        from offset in Gen.Choose(-300, 300)
        from body in Bodies
        select Delivery.Create(key, id, Now + offset, body);

    private static readonly Gen<char> Printable = Gen.Choose(0x20, 0x7E).Select(c => (char)c);

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Sign_then_verify_always_accepts() =>
        Prop.ForAll(Deliveries.ToArbitrary(), d => d.Verify(d.Headers, d.Body) is null);

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Changing_one_byte_of_the_body_is_rejected() =>
        Prop.ForAll(
            (from d in Deliveries.Where(d => d.Body.Length > 0)
             from position in Gen.Choose(0, int.MaxValue)
             from flip in Gen.Choose(1, 255)
             select (d, position, flip)).ToArbitrary(),
            t =>
            {
                var body = (byte[])t.d.Body.Clone();
                body[t.position % body.Length] ^= (byte)t.flip;
                return t.d.Verify(t.d.Headers, body) == WebhookFailureReason.NoMatchingSignature;
            });

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Changing_one_character_of_the_id_is_rejected() =>
        Prop.ForAll(
            ChangedText(d => d.Headers.Id!).ToArbitrary(),
            t => t.d.Verify(t.d.Headers with { Id = t.changed }, t.d.Body) == WebhookFailureReason.NoMatchingSignature);

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Changing_one_character_of_the_timestamp_is_rejected() =>
        Prop.ForAll(
            ChangedText(d => d.Headers.Timestamp!).ToArbitrary(),
            t => t.d.Verify(t.d.Headers with { Timestamp = t.changed }, t.d.Body) is not null);

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Changing_one_character_of_the_signature_is_rejected() =>
        Prop.ForAll(
            ChangedText(d => d.Headers.Signature!).ToArbitrary(),
            t => t.d.Verify(t.d.Headers with { Signature = t.changed }, t.d.Body) == WebhookFailureReason.NoMatchingSignature);

    /// <summary>A delivery and one of its header values with exactly one character replaced by a different one.</summary>
    private static Gen<(Delivery d, string changed)> ChangedText(Func<Delivery, string> pick) =>
        from d in Deliveries
        from position in Gen.Choose(0, int.MaxValue)
        from replacement in Printable
        let text = pick(d)
        let index = position % text.Length
        where text[index] != replacement
        select (d, string.Concat(text.AsSpan(0, index), [replacement], text.AsSpan(index + 1)));

    internal sealed record Delivery(byte[] Key, WebhookHeaders Headers, byte[] Body)
    {
        public static Delivery Create(byte[] key, string id, long timestamp, byte[] body) =>
            new(key, WebhookSigner.CreateHeaders(WebhookSecret.FromKey(key), id, timestamp, body), body);

        public WebhookFailureReason? Verify(WebhookHeaders headers, byte[] body) =>
            WebhookVerifier.TryVerify(WebhookSecret.FromKey(Key), headers, body, out var reason, new WebhookVerificationOptions { TimeProvider = FakeTimeProvider.AtUnixSeconds(Now) })
                ? null
                : reason;

        // Shown by FsCheck for a falsifying case: everything needed to replay it.
        public override string ToString() => $"key {Convert.ToHexString(Key)}, {Headers}, body {Convert.ToHexString(Body)}";
    }
}
