namespace CodePilotLocal.Inference.Models.Acquisition;

/// <param name="Received">Bytes of the file on disk so far (resumed bytes included).</param>
/// <param name="Total">The file's size, where the server says it.</param>
/// <param name="ResumedFrom">Bytes an earlier, interrupted download had already written.</param>
public readonly record struct DownloadProgress(long Received, long? Total, long ResumedFrom);
