namespace Replicate.Client.ModelSchemas;

/// <summary>
/// One way an input breaks its model's schema: the <see cref="Field"/> as a JSON pointer (<c>/width</c>,
/// <c>/images/0</c>), the <see cref="Rule"/> it breaks and a short <see cref="Detail"/>.
/// </summary>
/// <param name="Field">The JSON pointer of the offending value (of the missing input for <c>required</c>).</param>
/// <param name="Rule">
/// The rule word: <c>required</c>, <c>type</c>, <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>,
/// <c>exclusiveMaximum</c>, <c>enum</c>, <c>unknown-input</c>, <c>format</c>, <c>maxLength</c>, <c>minLength</c>,
/// <c>items</c> (a value inside an array; <see cref="Detail"/> starts with the item's own rule), <c>pattern</c>,
/// <c>multipleOf</c>.
/// </param>
/// <param name="Detail">What is wrong, for people: <c>5 &gt; 4</c>, <c>did you mean 'guidance_scale'?</c>.</param>
public sealed record ModelInputError(string Field, string Rule, string Detail)
{
    /// <summary>The error as one line, field first: <c>/num_outputs: maximum: 5 &gt; 4</c>.</summary>
    public override string ToString() => $"{Field}: {Rule}: {Detail}";
}
