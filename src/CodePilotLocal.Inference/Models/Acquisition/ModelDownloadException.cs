namespace CodePilotLocal.Inference.Models.Acquisition;

/// <summary>A model could not be downloaded or verified; the message says what to do.</summary>
public sealed class ModelDownloadException(string message, Exception? inner = null) : Exception(message, inner);
