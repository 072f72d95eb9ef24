using Microsoft.Extensions.Options;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// Paytm's payment webhook: a form-urlencoded POST of the signed fields to <see cref="SandboxOptions.WebhookUrl"/>. In the
/// background it retries a non-2xx answer or a connection error up to <see cref="SandboxOptions.WebhookAttempts"/> times
/// (1 s, 2 s, 4 s … apart); every attempt is recorded on the order.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory httpClients, IOptions<SandboxOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WebhookSender> logger)
{
    public const string ClientName = "paytm-webhooks";

    /// <summary>Paytm waits 10 s for the merchant's answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends <paramref name="txn"/>'s webhook without blocking the caller; does nothing when no WebhookUrl is configured.</summary>
    public void SendInBackground(SandboxOrder order, TxnView txn)
    {
        var settings = options.Value;
        if (!settings.SendsWebhooks)
        {
            return;
        }

        var fields = CallbackFields.Webhook(txn, txn.Status, settings.MerchantKey);
        _ = Task.Run(() => DeliverAsync(order, txn.Status, fields, settings.WebhookAttempts, lifetime.ApplicationStopping));
    }

    /// <summary>One attempt, recorded on the order.</summary>
    public async Task<WebhookAttempt> SendOnceAsync(
        SandboxOrder order, string status, IEnumerable<KeyValuePair<string, string?>> fields, int attempt, CancellationToken cancellationToken)
    {
        var url = options.Value.WebhookUrl!;
        int? httpStatus = null;
        string? error = null;
        try
        {
            using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string?, string?>(f.Key, f.Value)));
            using var response = await httpClients.CreateClient(ClientName).PostAsync(new Uri(url), content, cancellationToken);
            httpStatus = (int)response.StatusCode;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
        {
            error = e is TaskCanceledException ? "timeout" : e.Message;
        }

        var result = new WebhookAttempt(status, attempt, time.GetUtcNow(), httpStatus, error);
        lock (order.Gate)
        {
            order.Deliveries.Add(result);
        }

        logger.LogInformation(
            "Webhook {Status} for order {OrderId}, attempt {Attempt}: {HttpStatus} {Error}", status, order.OrderId, attempt, httpStatus, error);
        return result;
    }

    private async Task DeliverAsync(
        SandboxOrder order, string status, List<KeyValuePair<string, string?>> fields, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                if ((await SendOnceAsync(order, status, fields, attempt, cancellationToken)).Delivered)
                {
                    return;
                }

                if (attempt < attempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1 << (attempt - 1)), time, cancellationToken);
                }
            }

            logger.LogWarning("Webhook {Status} for order {OrderId} given up after {Attempts} attempts", status, order.OrderId, attempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
