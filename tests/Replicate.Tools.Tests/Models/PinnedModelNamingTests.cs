using Replicate.Tools.Models;

namespace Replicate.Tools.Tests.Models;

/// <summary>The C# names of pinned models' inputs and choices.</summary>
public sealed class PinnedModelNamingTests
{
    [TestCase("num_outputs", "NumOutputs")]
    [TestCase("flux-schnell", "FluxSchnell")]
    [TestCase("sdxl", "Sdxl")]
    [TestCase("3d_mode", "Input3dMode")]
    [TestCase("CFG", "Cfg")]
    public void Member_names(string wire, string expected) => PinnedModelGenerator.MemberName(wire).Should().Be(expected);

    [TestCase("16:9", "Ratio", "Ratio16By9")]
    [TestCase("0.25", "Megapixels", "Megapixels0Point25")]
    [TestCase("K_EULER_ANCESTRAL", "Scheduler", "KEulerAncestral")]
    [TestCase("DPMSolverMultistep", "Scheduler", "DPMSolverMultistep")]
    [TestCase("no_refiner", "Refine", "NoRefiner")]
    [TestCase("webp", "Format", "Webp")]
    [TestCase("1024x1024", "Size", "Size1024x1024")]
    [TestCase("", "Style", "StyleEmpty")]
    public void Choice_names(string value, string prefix, string expected) => PinnedModelGenerator.EnumMemberName(value, prefix).Should().Be(expected);
}
