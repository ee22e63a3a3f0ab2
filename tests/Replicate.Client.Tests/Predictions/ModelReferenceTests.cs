using Replicate.Client.Predictions;

namespace Replicate.Client.Tests.Predictions;

public class ModelReferenceTests
{
    [TestCase("stability-ai/sdxl", "stability-ai", "sdxl", null)]
    [TestCase("acme/model:abc123", "acme", "model", "abc123")]
    [TestCase("  acme/model:v1  ", "acme", "model", "v1")]
    [TestCase("acme/model.v2:sha256:deadbeef", "acme", "model.v2", "sha256:deadbeef")]
    public void Valid_references_parse_into_their_parts(string text, string owner, string name, string? version)
    {
        var reference = ModelReference.Parse(text);

        reference.Owner.Should().Be(owner);
        reference.Name.Should().Be(name);
        reference.Version.Should().Be(version);
        ModelReference.Parse(reference.ToString()).Should().Be(reference, "ToString round-trips");
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("sdxl", "expected 'owner/name'")]
    [TestCase("/sdxl", "no owner")]
    [TestCase("acme/", "no model name")]
    [TestCase("acme/model/extra", "more than one '/'")]
    [TestCase("acme//model", "more than one '/'")]
    [TestCase("acme/model:", "names no version")]
    [TestCase("ac:me/model", "':' in the owner")]
    [TestCase("acme/my model", "whitespace")]
    public void Invalid_references_are_refused_with_a_reason(string text, string reason)
    {
        FluentActions.Invoking(() => ModelReference.Parse(text)).Should().Throw<FormatException>().WithMessage($"*{reason}*");
        ModelReference.TryParse(text, out _).Should().BeFalse();
    }
}
