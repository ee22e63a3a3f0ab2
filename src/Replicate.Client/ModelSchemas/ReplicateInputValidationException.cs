using Replicate.Client.Errors;

namespace Replicate.Client.ModelSchemas;

/// <summary>
/// An input was checked against its model's schema before a create and broke it: no request was sent.
/// <see cref="Errors"/> lists every error, not just the first; the message names the operation and each error.
/// </summary>
public sealed class ReplicateInputValidationException : ReplicateException
{
    /// <summary>Creates the exception for <paramref name="operation"/> with its errors (at least one).</summary>
    public ReplicateInputValidationException(string operation, IReadOnlyList<ModelInputError> errors)
        : base(Describe(operation, errors), operation)
    {
        Errors = errors;
    }

    /// <summary>Every error found, in schema order of the inputs.</summary>
    public IReadOnlyList<ModelInputError> Errors { get; }

    private static string Describe(string operation, IReadOnlyList<ModelInputError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"{operation}: the input breaks the model's schema ({errors.Count} {(errors.Count == 1 ? "error" : "errors")}); nothing was sent: "
            + string.Join("; ", errors);
    }
}
