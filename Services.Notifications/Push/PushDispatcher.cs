using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Push;

/// <summary>
/// Sends queued pushes in batches of 100 and later fetches their receipts. A retryable error (request failure, 429/5xx,
/// or an Expo error such as MessageRateExceeded, in the ticket or the receipt) puts the row back with capped
/// exponential backoff until <see cref="PushOptions.MaxAttempts"/>; <c>DeviceNotRegistered</c> deactivates the token.
/// </summary>
public sealed class PushDispatcher(IServiceScopeFactory scopes, IOptions<PushOptions> options, DeliveryMetrics metrics, TimeProvider clock, ILogger<PushDispatcher> logger)
    : QueueWorker(scopes, options.Value.PollInterval, logger)
{
    private const int SendBatch = 100;
    private const int ReceiptBatch = 300;
    private static readonly TimeSpan ReceiptsKeptFor = TimeSpan.FromHours(24);

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await MeasureBacklogAsync<PushDelivery>(metrics, "push", ct);
        var sent = await SendDueAsync(ct);
        var checkedReceipts = await CheckReceiptsAsync(ct);
        return sent == SendBatch || checkedReceipts == ReceiptBatch;
    }

    private Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return ProcessClaimedAsync(
            db => db.PushDeliveries.FromSql($"SELECT * FROM push_deliveries WHERE status = 'pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {SendBatch} FOR UPDATE SKIP LOCKED"),
            (services, db, due) => SendAsync(services.GetRequiredService<IPushSender>(), db, due, ct),
            ct);
    }

    private async Task SendAsync(IPushSender sender, NotificationsDbContext db, List<PushDelivery> due, CancellationToken ct)
    {
        foreach (var push in due)
        {
            push.Attempts++;
        }

        var result = await sender.SendAsync([.. due.Select(p => new PushMessage(p.Token, p.Title, p.Body, p.Data, p.Badge, p.Sound, p.ChannelId))], ct);
        for (var i = 0; i < due.Count; i++)
        {
            var push = due[i];
            var ticket = result.Tickets?[i];
            if (ticket is null)
            {
                Retry(push, result.Retryable, result.Error);
            }
            else if (ticket.Ok)
            {
                push.SentAt = clock.GetUtcNow();
                push.LastError = null;
                push.TicketId = ticket.Id;
                push.Status = ticket.Id is null ? PushStatus.Delivered : PushStatus.Sent;
                push.DeliveredAt = ticket.Id is null ? push.SentAt : null;
                push.ReceiptDueAt = ticket.Id is null ? null : push.SentAt + options.Value.ReceiptDelay;
                metrics.Outcome("push", PushStatus.Sent);
            }
            else
            {
                await FailOrRetryAsync(db, push, ticket.Error, ticket.Message, ct);
            }
        }
    }

    private Task<int> CheckReceiptsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return ProcessClaimedAsync(
            db => db.PushDeliveries.FromSql($"SELECT * FROM push_deliveries WHERE status = 'sent' AND receipt_due_at <= {now} ORDER BY receipt_due_at LIMIT {ReceiptBatch} FOR UPDATE SKIP LOCKED"),
            (services, db, due) => ApplyReceiptsAsync(services.GetRequiredService<IPushSender>(), db, due, now, ct),
            ct);
    }

    private async Task ApplyReceiptsAsync(IPushSender sender, NotificationsDbContext db, List<PushDelivery> due, DateTimeOffset now, CancellationToken ct)
    {
        var receipts = await sender.GetReceiptsAsync([.. due.Select(p => p.TicketId!)], ct);
        foreach (var push in due)
        {
            if (receipts is null)
            {
                push.ReceiptDueAt = now + options.Value.RetryInitialDelay;
            }
            else if (receipts.TryGetValue(push.TicketId!, out var receipt))
            {
                if (receipt.Ok)
                {
                    push.Status = PushStatus.Delivered;
                    push.DeliveredAt = clock.GetUtcNow();
                    metrics.Outcome("push", PushStatus.Delivered);
                }
                else
                {
                    await FailOrRetryAsync(db, push, receipt.Error, receipt.Message, ct);
                }
            }
            else if (now - push.SentAt > ReceiptsKeptFor)
            {
                push.Status = PushStatus.Failed;
                push.LastError = "no receipt within 24 hours";
                metrics.Outcome("push", PushStatus.Failed);
            }
            else
            {
                push.ReceiptDueAt = now + options.Value.ReceiptDelay;
            }
        }
    }

    private async Task FailOrRetryAsync(NotificationsDbContext db, PushDelivery push, string? code, string? message, CancellationToken ct)
    {
        var error = $"{code}: {message}".Trim(' ', ':');
        if (code == PushErrors.DeviceNotRegistered)
        {
            await db.PushTokens.Where(t => t.Token == push.Token).ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false), ct);
            logger.LogInformation("Push token of user {UserId} is no longer registered with Expo; deactivated", push.UserId);
        }

        Retry(push, PushErrors.IsRetryable(code), error);
    }

    private void Retry(PushDelivery push, bool retryable, string? error)
    {
        push.LastError = error;
        push.TicketId = null;
        push.ReceiptDueAt = null;
        if (retryable && push.Attempts < options.Value.MaxAttempts)
        {
            push.Status = PushStatus.Pending;
            push.NextAttemptAt = clock.GetUtcNow() + Backoff.Delay(push.Attempts, options.Value.RetryInitialDelay, options.Value.RetryMaxDelay);
            metrics.Outcome("push", "retry");
            logger.LogWarning("Push {Id} to user {UserId} failed (attempt {Attempt}), retrying at {NextAttempt:O}: {Error}", push.Id, push.UserId, push.Attempts, push.NextAttemptAt, error);
        }
        else
        {
            push.Status = PushStatus.Failed;
            metrics.Outcome("push", PushStatus.Failed);
            logger.LogError("Push {Id} to user {UserId} failed for good after {Attempts} attempts: {Error}", push.Id, push.UserId, push.Attempts, error);
        }
    }
}
