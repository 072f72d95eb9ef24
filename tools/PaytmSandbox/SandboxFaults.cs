namespace BuildXpert.PaytmSandbox;

/// <summary>Injected faults: the status API and Initiate Transaction can fail with 500 or answer slowly (after <see cref="SlowMs"/>).</summary>
public sealed record SandboxFaults(string StatusApi, int SlowMs, string Initiate)
{
    public const string NoFault = "none";
    public const string Error500 = "error500";
    public const string Slow = "slow";

    public static SandboxFaults None { get; } = new(NoFault, 0, NoFault);

    public Task<IResult?> ApplyToStatusApiAsync(CancellationToken cancellationToken) => ApplyAsync(StatusApi, cancellationToken);

    public Task<IResult?> ApplyToInitiateAsync(CancellationToken cancellationToken) => ApplyAsync(Initiate, cancellationToken);

    /// <summary>The 500 answer or null; "slow" waits first and then lets the call proceed.</summary>
    private async Task<IResult?> ApplyAsync(string fault, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case Error500:
                return ServerError();
            case Slow:
                await Task.Delay(SlowMs, cancellationToken);
                return null;
            default:
                return null;
        }
    }

    private static IResult ServerError() => Results.Text("Internal Server Error (sandbox fault)", "text/plain", statusCode: StatusCodes.Status500InternalServerError);
}
