namespace Replicate.Tools.Spec;

/// <summary>An accepted pull: the exact bytes, where they came from, and their digest.</summary>
internal sealed record PullResult(string Source, byte[] Content, string Sha256, DateTimeOffset RetrievedAt, int PathCount, int OperationCount);
