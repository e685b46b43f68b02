using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Usage;

/// <summary>codepilot/usage: today's (or the last days') acceptance figures, for the editors' status displays.</summary>
[LspMethod(Methods.CodePilotUsage)]
internal sealed class UsageHandler(UsageRecorder usage, WorkspaceState workspace) : IRequestHandler<UsageParams, UsageResult>
{
    public async Task<UsageResult> HandleAsync(UsageParams request, CancellationToken cancellationToken)
    {
        var days = request.Days ?? 1;
        if (days is < 1 or > Core.Usage.UsageSummary.MaxDays)
        {
            throw new ArgumentException($"days must be between 1 and {Core.Usage.UsageSummary.MaxDays}; got {days}.");
        }

        var summary = workspace.Settings.UsageStats ? await usage.SummaryAsync(days).WaitAsync(cancellationToken).ConfigureAwait(false) : null;
        return new UsageResult(workspace.Settings.UsageStats, usage.Path, days, summary?.Shown ?? 0, summary?.Accepted ?? 0, summary?.AcceptanceRate, summary?.RetainedRatio);
    }
}
