using CodePilotLocal.Core.Usage;
using CodePilotLocal.Protocol;
using CodePilotLocal.Server.Hosting;
using CodePilotLocal.Server.Services;

namespace CodePilotLocal.Server.Handlers.Usage;

/// <summary>codepilot/suggestionEvent: what the editor did with a suggestion, for the local usage statistics.</summary>
[LspMethod(Methods.CodePilotSuggestionEvent)]
internal sealed class SuggestionEventHandler(UsageRecorder usage) : INotificationHandler<SuggestionEventParams>
{
    public Task HandleAsync(SuggestionEventParams notification, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(notification.Id) || notification.Event is null || !SuggestionEventNames.ByName.TryGetValue(notification.Event, out var kind))
        {
            throw new ArgumentException(
                $"{Methods.CodePilotSuggestionEvent} needs {{id, event}} with event one of {string.Join(", ", SuggestionEventNames.ByName.Keys)}; got id '{notification.Id}', event '{notification.Event}'.");
        }

        usage.Event(notification.Id, kind);
        return Task.CompletedTask;
    }
}
