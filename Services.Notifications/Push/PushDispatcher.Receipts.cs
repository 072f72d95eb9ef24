using BuildXpert.Notifications.Data;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Push;

/// <summary>Receipts: fetched <see cref="PushOptions.ReceiptDelay"/> after Expo accepted a push, for at most 24 hours.</summary>
public sealed partial class PushDispatcher
{
    private const int ReceiptBatch = 300;
    private static readonly TimeSpan ReceiptsKeptFor = TimeSpan.FromHours(24);

    private Task<int> CheckReceiptsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseEnd = now + options.Value.Lease;
        return ProcessLeasedAsync(
            "push receipts",
            db => db.PushDeliveries.FromSql($"""
                UPDATE push_deliveries SET receipt_due_at = {leaseEnd}
                WHERE id IN (SELECT id FROM push_deliveries WHERE status = 'sent' AND receipt_due_at <= {now}
                             ORDER BY receipt_due_at LIMIT {ReceiptBatch} FOR UPDATE SKIP LOCKED)
                RETURNING *
                """),
            (services, db, due) => ApplyReceiptsAsync(services.GetRequiredService<IPushSender>(), db, due, now, ct),
            ct);
    }

    private async Task ApplyReceiptsAsync(IPushSender sender, NotificationsDbContext db, List<PushDelivery> due, DateTimeOffset now, CancellationToken ct)
    {
        // Checked before calling out, so a receipt answer that breaks this pass cannot keep a row coming back forever.
        foreach (var push in due.Where(p => now - p.SentAt > ReceiptsKeptFor))
        {
            Fail(push, "no receipt within 24 hours");
        }

        var waiting = due.Where(p => p.Status == PushStatus.Sent).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        var receipts = await sender.GetReceiptsAsync([.. waiting.Select(p => p.TicketId!)], ct);
        foreach (var push in waiting)
        {
            if (receipts is null)
            {
                push.ReceiptDueAt = now + options.Value.RetryInitialDelay;
            }
            else if (!receipts.TryGetValue(push.TicketId!, out var receipt))
            {
                push.ReceiptDueAt = now + options.Value.ReceiptDelay;
            }
            else if (receipt.Ok)
            {
                push.Status = PushStatus.Delivered;
                push.DeliveredAt = clock.GetUtcNow();
                push.ReceiptDueAt = null;
                metrics.Outcome("push", PushStatus.Delivered);
            }
            else
            {
                await FailOrRetryAsync(db, push, receipt.Error, receipt.Message, ct);
            }
        }
    }
}
