using BuildXpert.Messaging;
using BuildXpert.Messaging.Queues;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Sms;

/// <summary>
/// Sends queued SMS: claims due rows with a lease (the attempt is counted and committed before the provider is
/// called), calls the provider, then marks each sent, schedules a retry with capped exponential backoff, or marks it
/// failed (after <see cref="SmsOptions.MaxAttempts"/> or a permanent refusal) with the provider's error kept on the
/// row, logged and counted. Codes whose validity ended are not sent (expired).
/// </summary>
public sealed class SmsDispatcher(IServiceScopeFactory scopes, IOptions<SmsOptions> options, DeliveryMetrics metrics, TimeProvider clock, ILogger<SmsDispatcher> logger)
    : QueueWorker<NotificationsDbContext>(scopes, options.Value.PollInterval, logger)
{
    private const int BatchSize = 20;

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        metrics.Backlog("sms", await MeasureBacklogAsync<SmsMessage>(clock, ct));
        var now = clock.GetUtcNow();
        var leaseEnd = now + options.Value.Lease;
        var claimed = await ProcessLeasedAsync(
            "sms send",
            db => db.SmsMessages.FromSql($"""
                UPDATE sms_messages SET attempts = attempts + 1, next_attempt_at = {leaseEnd}
                WHERE id IN (SELECT id FROM sms_messages WHERE status = 'pending' AND next_attempt_at <= {now}
                             ORDER BY next_attempt_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
                RETURNING *
                """),
            (services, _, due) => SendAsync(services.GetRequiredService<ISmsSender>(), due, ct),
            ct);
        return claimed == BatchSize;
    }

    private async Task SendAsync(ISmsSender sender, List<SmsMessage> due, CancellationToken ct)
    {
        var settings = options.Value;
        var expired = due.Where(sms => sms.ExpiresAt < clock.GetUtcNow()).ToList();
        foreach (var sms in expired)
        {
            sms.Status = SmsStatus.Expired;
            sms.LastError ??= "the code expired before it could be delivered";
            SmsRedaction.Redact(sms);
            metrics.Outcome("sms", SmsStatus.Expired);
            logger.LogWarning("SMS {Id} to {Phone} expired undelivered after {Attempts} attempts: {Error}", sms.Id, ISmsSender.E164(sms.Phone), sms.Attempts, sms.LastError);
        }

        var exhausted = due.Except(expired).Where(sms => sms.Attempts > settings.MaxAttempts).ToList();
        foreach (var sms in exhausted)
        {
            sms.Attempts = settings.MaxAttempts; // this claim only gives up; it is no attempt
            Fail(sms, sender, $"no answer recorded after {settings.MaxAttempts} attempts");
        }

        // The provider calls of a batch run concurrently (they do not touch the context), so one slow answer does not
        // delay the others.
        var sends = due.Except(expired).Except(exhausted).Select(async sms => (Sms: sms, Result: await sender.SendAsync(sms.Phone, sms.Message, ct))).ToList();
        foreach (var (sms, result) in await Task.WhenAll(sends))
        {
            if (result.Sent)
            {
                sms.Status = SmsStatus.Sent;
                sms.SentAt = clock.GetUtcNow();
                sms.ProviderMessageId = result.ProviderMessageId;
                if (!sender.KeepsCodes)
                {
                    SmsRedaction.Redact(sms);
                }

                metrics.Outcome("sms", SmsStatus.Sent);
            }
            else if (result.Retryable && sms.Attempts < settings.MaxAttempts)
            {
                sms.LastError = result.Error;
                sms.NextAttemptAt = clock.GetUtcNow() + Backoff.Delay(sms.Attempts, settings.RetryInitialDelay, settings.RetryMaxDelay);
                metrics.Outcome("sms", "retry");
                logger.LogWarning("SMS {Id} to {Phone} failed (attempt {Attempt}), retrying at {NextAttempt:O}: {Error}", sms.Id, ISmsSender.E164(sms.Phone), sms.Attempts, sms.NextAttemptAt, result.Error);
            }
            else
            {
                Fail(sms, sender, result.Error);
            }
        }
    }

    private void Fail(SmsMessage sms, ISmsSender sender, string? error)
    {
        sms.Status = SmsStatus.Failed;
        sms.LastError = error;
        if (!sender.KeepsCodes)
        {
            SmsRedaction.Redact(sms);
        }

        metrics.Outcome("sms", SmsStatus.Failed);
        logger.LogError("SMS {Id} to {Phone} failed for good after {Attempts} attempts: {Error}", sms.Id, ISmsSender.E164(sms.Phone), sms.Attempts, error);
    }
}

/// <summary>Keeps one-time codes out of rows that no longer need them.</summary>
public static class SmsRedaction
{
    /// <summary>Replaces an OTP's text by a placeholder and drops the kept code (nothing to redact for other SMS).</summary>
    public static void Redact(SmsMessage sms)
    {
        if (sms.Purpose is not null)
        {
            sms.Message = $"[{sms.Purpose} code redacted]";
            sms.Code = null;
        }
    }
}
