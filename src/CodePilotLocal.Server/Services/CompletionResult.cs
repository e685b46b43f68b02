using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.Text;
using CodePilotLocal.Inference;

namespace CodePilotLocal.Server.Services;

/// <summary>A suggestion to insert at <see cref="Position"/>, with what it cost.</summary>
/// <param name="FromCache">Served from the suggestion cache, with no model call.</param>
public sealed record CompletionResult(
    string Text, LinePosition Position, CompletionMode Mode, string ModelName, GenerationStatistics Statistics, bool FromCache);
