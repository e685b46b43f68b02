using System.Reflection;
using System.Text.Json;
using StreamJsonRpc;

namespace CodePilotLocal.Server.Hosting;

/// <summary>
/// Registers each handler with StreamJsonRpc under its [LspMethod] name, with the whole "params" object
/// deserialized into the handler's parameter type.
/// </summary>
internal static class LspEndpoints
{
    public static IReadOnlyList<string> Register(JsonRpc rpc, LspDispatcher dispatcher, IEnumerable<object> handlers)
    {
        var methods = new List<string>();
        foreach (var handler in handlers)
        {
            var name = handler.GetType().GetCustomAttribute<LspMethodAttribute>()?.Name
                ?? throw new InvalidOperationException($"{handler.GetType().Name} has no [LspMethod].");
            var endpoint = CreateEndpoint(name, handler, dispatcher);
            var invoke = endpoint.GetType().GetMethod(nameof(RequestEndpoint<object, object>.InvokeAsync))!;
            rpc.AddLocalRpcMethod(invoke, endpoint, new JsonRpcMethodAttribute(name) { UseSingleObjectParameterDeserialization = true });
            methods.Add(name);
        }

        return methods;
    }

    private static object CreateEndpoint(string name, object handler, LspDispatcher dispatcher)
    {
        foreach (var contract in handler.GetType().GetInterfaces().Where(i => i.IsGenericType))
        {
            var definition = contract.GetGenericTypeDefinition();
            if (definition == typeof(IRequestHandler<,>))
            {
                var type = typeof(RequestEndpoint<,>).MakeGenericType(contract.GetGenericArguments());
                return Activator.CreateInstance(type, name, handler, dispatcher)!;
            }

            if (definition == typeof(INotificationHandler<>))
            {
                var type = typeof(NotificationEndpoint<>).MakeGenericType(contract.GetGenericArguments());
                return Activator.CreateInstance(type, name, handler, dispatcher)!;
            }
        }

        throw new InvalidOperationException($"{handler.GetType().Name} implements no handler interface.");
    }

    // Params arrive as raw JSON and are deserialized by the dispatcher, so that a wrong type becomes
    // InvalidParams (-32602) with a useful message rather than StreamJsonRpc's generic invocation error.
    private sealed class RequestEndpoint<TParams, TResult>(string method, IRequestHandler<TParams, TResult> handler, LspDispatcher dispatcher)
    {
        public Task<TResult> InvokeAsync(JsonElement? request = null, CancellationToken cancellationToken = default) =>
            dispatcher.InvokeRequestAsync(method, handler, request, cancellationToken);
    }

    private sealed class NotificationEndpoint<TParams>(string method, INotificationHandler<TParams> handler, LspDispatcher dispatcher)
    {
        public Task InvokeAsync(JsonElement? notification = null, CancellationToken cancellationToken = default) =>
            dispatcher.InvokeNotificationAsync(method, handler, notification, cancellationToken);
    }
}
