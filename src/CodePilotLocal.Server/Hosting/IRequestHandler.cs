namespace CodePilotLocal.Server.Hosting;

/// <summary>Serves one LSP request method.</summary>
internal interface IRequestHandler<in TParams, TResult>
{
    Task<TResult> HandleAsync(TParams request, CancellationToken cancellationToken);
}
