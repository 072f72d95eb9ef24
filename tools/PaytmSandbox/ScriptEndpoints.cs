using BuildXpert.Paytm;
using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// The scripting API under <c>/sandbox</c> (JSON, no auth), for tests and people: settle an order, script "pending then final",
/// replay webhooks in any order, inject faults, and inspect an order.
/// </summary>
public static class ScriptEndpoints
{
    public static WebApplication MapScripting(this WebApplication app)
    {
        var sandbox = app.MapGroup("/sandbox");
        sandbox.MapGet("/orders/{orderId}", Get);
        sandbox.MapPost("/orders/{orderId}/complete", Complete);
        sandbox.MapPost("/orders/{orderId}/script", Script);
        sandbox.MapPost("/orders/{orderId}/webhooks", WebhooksAsync);
        sandbox.MapPut("/faults", PutFaults);
        sandbox.MapDelete("/faults", ClearFaults);
        return app;
    }

    private static IResult Get(string orderId, SandboxStore store, TimeProvider time)
        => store.Find(orderId) is { } order ? Results.Ok(OrderState.Of(order, time.GetUtcNow())) : UnknownOrder(orderId);

    /// <summary>Settles the order as if the user had paid (the order's script, when it has one, decides the status).</summary>
    private static IResult Complete(string orderId, CompleteRequest? request, SandboxStore store, Settlement settlement, TimeProvider time)
    {
        if (store.Find(orderId) is not { } order)
        {
            return UnknownOrder(orderId);
        }

        var status = request?.Status;
        if (status is not null && !SandboxStatus.IsPaymentStatus(status))
        {
            return Error(StatusCodes.Status400BadRequest, "status must be TXN_SUCCESS, TXN_FAILURE or PENDING.");
        }

        if (settlement.Settle(order, status, request?.Webhook ?? false) is null)
        {
            return status is null
                ? Error(StatusCodes.Status400BadRequest, "status is required unless the order is scripted and unpaid.")
                : Error(StatusCodes.Status409Conflict, "The order cannot move to that status.");
        }

        return Results.Ok(OrderState.Of(order, time.GetUtcNow()));
    }

    private static IResult Script(string orderId, ScriptRequest request, SandboxStore store, TimeProvider time)
    {
        if (store.Find(orderId) is not { } order)
        {
            return UnknownOrder(orderId);
        }

        if (request.StatusChecksBeforeFinal is < 0 or > 1000 || !SandboxStatus.IsFinal(request.FinalStatus))
        {
            return Error(StatusCodes.Status400BadRequest, "statusChecksBeforeFinal must be 0 to 1000 and finalStatus TXN_SUCCESS or TXN_FAILURE.");
        }

        lock (order.Gate)
        {
            if (order.Status != SandboxStatus.Unpaid)
            {
                return Error(StatusCodes.Status409Conflict, "The order has already been paid.");
            }

            order.Script = new SandboxScript(request.StatusChecksBeforeFinal, request.FinalStatus!);
        }

        return Results.Ok(OrderState.Of(order, time.GetUtcNow()));
    }

    /// <summary>One signed webhook per status (each <c>copies</c> times), sent in order and synchronously; the order's status is untouched.</summary>
    private static async Task<IResult> WebhooksAsync(
        string orderId, WebhooksRequest request, SandboxStore store, WebhookSender sender, IOptions<SandboxOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (store.Find(orderId) is not { } order)
        {
            return UnknownOrder(orderId);
        }

        var copies = request.Copies ?? 1;
        if (request.Statuses is not { Length: > 0 } statuses || !statuses.All(SandboxStatus.IsPaymentStatus) || copies is < 1 or > 100)
        {
            return Error(StatusCodes.Status400BadRequest, "statuses must list TXN_SUCCESS, TXN_FAILURE or PENDING; copies must be 1 to 100.");
        }

        var settings = options.Value;
        if (!settings.SendsWebhooks)
        {
            return Error(StatusCodes.Status409Conflict, "Paytm:WebhookUrl is not configured.");
        }

        TxnView txn;
        lock (order.Gate)
        {
            var now = time.GetUtcNow();
            order.EnsureTxn(now);
            txn = order.View(now);
        }

        var deliveries = new List<Delivery>();
        foreach (var status in statuses)
        {
            for (var copy = 0; copy < copies; copy++)
            {
                var fields = CallbackFields.Webhook(txn, status, settings.MerchantKey, request.Tamper);
                var attempt = await sender.SendOnceAsync(order, status, fields, attempt: 1, cancellationToken);
                deliveries.Add(new Delivery(status, attempt.HttpStatus, attempt.Error));
            }
        }

        return Results.Ok(new { deliveries });
    }

    private static IResult PutFaults(FaultsRequest request, SandboxStore store)
    {
        var statusApi = request.StatusApi ?? SandboxFaults.NoFault;
        var initiate = request.Initiate ?? SandboxFaults.NoFault;
        var slowMs = request.SlowMs ?? 5000;
        if (statusApi is not (SandboxFaults.NoFault or SandboxFaults.Error500 or SandboxFaults.Slow)
            || initiate is not (SandboxFaults.NoFault or SandboxFaults.Error500 or SandboxFaults.Slow)
            || slowMs is < 0 or > 300_000)
        {
            return Error(StatusCodes.Status400BadRequest, "statusApi and initiate are none|error500|slow, slowMs is 0 to 300000.");
        }

        store.Faults = new SandboxFaults(statusApi, slowMs, initiate);
        return Results.Ok(store.Faults);
    }

    private static IResult ClearFaults(SandboxStore store)
    {
        store.Faults = SandboxFaults.None;
        return Results.Ok(store.Faults);
    }

    private static IResult UnknownOrder(string orderId) => Results.NotFound(new { error = "Unknown order.", orderId });

    private static IResult Error(int statusCode, string error) => Results.Json(new { error }, statusCode: statusCode);

    public sealed record CompleteRequest(string? Status, bool Webhook);

    public sealed record ScriptRequest(int StatusChecksBeforeFinal, string? FinalStatus);

    public sealed record WebhooksRequest(string[]? Statuses, int? Copies, bool Tamper);

    public sealed record FaultsRequest(string? StatusApi, int? SlowMs, string? Initiate);

    public sealed record Delivery(string Status, int? HttpStatus, string? Error);
}
