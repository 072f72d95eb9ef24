using BuildXpert.Messaging;
using BuildXpert.Messaging.Queues;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Push;

/// <summary>
/// Sends queued pushes, up to 100 per request and one request per app (Expo refuses a request that mixes projects),
/// and later fetches their receipts (<c>PushDispatcher.Receipts.cs</c>). Rows are claimed with a lease and the attempt
/// counted before Expo is called. Each push is re-checked at send time: its token must still be active and still
/// belong to the recipient (not signed out, not moved to the next account on the device). A retryable error puts the
/// row back with capped exponential backoff until <see cref="PushOptions.MaxAttempts"/>; a refused request of several
/// rows is retried row by row; <c>DeviceNotRegistered</c> deactivates the token.
/// </summary>
public sealed partial class PushDispatcher(IServiceScopeFactory scopes, IOptions<PushOptions> options, DeliveryMetrics metrics, TimeProvider clock, ILogger<PushDispatcher> logger)
    : QueueWorker<NotificationsDbContext>(scopes, options.Value.PollInterval, logger)
{
    private const int SendBatch = 100;

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        metrics.Backlog("push", await MeasureBacklogAsync<PushDelivery>(clock, ct));
        var sent = await SendDueAsync(ct);
        var checkedReceipts = await CheckReceiptsAsync(ct);
        return sent == SendBatch || checkedReceipts == ReceiptBatch;
    }

    private Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseEnd = now + options.Value.Lease;
        return ProcessLeasedAsync(
            "push send",
            db => db.PushDeliveries.FromSql($"""
                UPDATE push_deliveries SET attempts = attempts + 1, next_attempt_at = {leaseEnd}
                WHERE id IN (SELECT id FROM push_deliveries WHERE status = 'pending' AND next_attempt_at <= {now}
                             ORDER BY next_attempt_at LIMIT {SendBatch} FOR UPDATE SKIP LOCKED)
                RETURNING *
                """),
            (services, db, due) => SendAsync(services.GetRequiredService<IPushSender>(), db, due, ct),
            ct);
    }

    private async Task SendAsync(IPushSender sender, NotificationsDbContext db, List<PushDelivery> due, CancellationToken ct)
    {
        foreach (var push in due.Where(p => p.Attempts > options.Value.MaxAttempts))
        {
            push.Attempts = options.Value.MaxAttempts; // this claim only gives up; it is no attempt
            Fail(push, $"no answer recorded after {options.Value.MaxAttempts} attempts");
        }

        var sendable = await StillTheRecipientsAsync(db, [.. due.Where(p => p.Status == PushStatus.Pending)], ct);
        foreach (var app in sendable.GroupBy(p => p.Role))
        {
            var rows = app.ToList();
            var result = await sender.SendAsync(Messages(rows), ct);
            if (result.Tickets is null && !result.Retryable && rows.Count > 1)
            {
                // The whole request was refused (e.g. PUSH_TOO_MANY_EXPERIENCE_IDS): one by one, so no row fails for another's sake.
                logger.LogWarning("Expo refused a batch of {Count} pushes ({Error}); sending them one by one", rows.Count, result.Error);
                foreach (var push in rows)
                {
                    await ApplyAsync(db, [push], await sender.SendAsync(Messages([push]), ct), ct);
                }
            }
            else
            {
                await ApplyAsync(db, rows, result, ct);
            }
        }
    }

    /// <summary>
    /// Fails the pushes whose token was signed out or moved to another account since they were queued (a sign-out's own
    /// notice still goes to the devices it signed out, unless a token moved on to another account).
    /// </summary>
    private async Task<List<PushDelivery>> StillTheRecipientsAsync(NotificationsDbContext db, List<PushDelivery> due, CancellationToken ct)
    {
        var tokens = due.Select(p => p.Token).Distinct().ToList();
        var owners = await db.PushTokens.AsNoTracking().Where(t => tokens.Contains(t.Token))
            .Select(t => new { t.Token, t.UserId, t.Role, t.IsActive }).ToDictionaryAsync(t => t.Token, ct);
        var sendable = new List<PushDelivery>();
        foreach (var push in due)
        {
            if (owners.TryGetValue(push.Token, out var owner) && owner.UserId == push.UserId && owner.Role == push.Role && (owner.IsActive || push.SignOutNotice))
            {
                sendable.Add(push);
            }
            else
            {
                Fail(push, "the device's token was signed out or moved to another account before sending");
            }
        }

        return sendable;
    }

    private static List<PushMessage> Messages(List<PushDelivery> rows)
        => [.. rows.Select(p => new PushMessage(p.Token, p.Title, p.Body, p.Data, p.Badge, p.Sound, p.ChannelId))];

    private async Task ApplyAsync(NotificationsDbContext db, List<PushDelivery> rows, PushBatchResult result, CancellationToken ct)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            var push = rows[i];
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
        if (!retryable || push.Attempts >= options.Value.MaxAttempts)
        {
            Fail(push, error);
            return;
        }

        push.LastError = error;
        push.TicketId = null;
        push.ReceiptDueAt = null;
        push.Status = PushStatus.Pending;
        push.NextAttemptAt = clock.GetUtcNow() + Backoff.Delay(push.Attempts, options.Value.RetryInitialDelay, options.Value.RetryMaxDelay);
        metrics.Outcome("push", "retry");
        logger.LogWarning("Push {Id} to user {UserId} failed (attempt {Attempt}), retrying at {NextAttempt:O}: {Error}", push.Id, push.UserId, push.Attempts, push.NextAttemptAt, error);
    }

    private void Fail(PushDelivery push, string? error)
    {
        push.LastError = error;
        push.TicketId = null;
        push.ReceiptDueAt = null;
        push.Status = PushStatus.Failed;
        metrics.Outcome("push", PushStatus.Failed);
        logger.LogError("Push {Id} to user {UserId} failed for good after {Attempts} attempts: {Error}", push.Id, push.UserId, push.Attempts, error);
    }
}
