using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BuildXpert.Notifications.Sms;

/// <summary>
/// Sends queued SMS: claims due rows, calls the provider, then marks each sent, schedules a retry with capped
/// exponential backoff, or marks it failed (after <see cref="SmsOptions.MaxAttempts"/> or a permanent refusal) with the
/// provider's error kept on the row, logged and counted. Codes whose validity ended are not sent (expired).
/// </summary>
public sealed class SmsDispatcher(IServiceScopeFactory scopes, IOptions<SmsOptions> options, DeliveryMetrics metrics, TimeProvider clock, ILogger<SmsDispatcher> logger)
    : QueueWorker(scopes, options.Value.PollInterval, logger)
{
    private const int BatchSize = 20;

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await MeasureBacklogAsync<SmsMessage>(metrics, "sms", ct);
        var now = clock.GetUtcNow();
        var claimed = await ProcessClaimedAsync(
            db => db.SmsMessages.FromSql($"SELECT * FROM sms_messages WHERE status = 'pending' AND next_attempt_at <= {now} ORDER BY next_attempt_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED"),
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
            Redact(sms, sender);
            metrics.Outcome("sms", SmsStatus.Expired);
            logger.LogWarning("SMS {Id} to {Phone} expired undelivered after {Attempts} attempts: {Error}", sms.Id, ISmsSender.E164(sms.Phone), sms.Attempts, sms.LastError);
        }

        // The provider calls of a batch run concurrently (they do not touch the context), so one slow answer does not
        // hold the other rows' locks for long.
        var sends = due.Except(expired).Select(async sms => (Sms: sms, Result: await sender.SendAsync(sms.Phone, sms.Message, ct))).ToList();
        foreach (var (sms, result) in await Task.WhenAll(sends))
        {
            sms.Attempts++;
            if (result.Sent)
            {
                sms.Status = SmsStatus.Sent;
                sms.SentAt = clock.GetUtcNow();
                sms.ProviderMessageId = result.ProviderMessageId;
                Redact(sms, sender);
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
                sms.Status = SmsStatus.Failed;
                sms.LastError = result.Error;
                Redact(sms, sender);
                metrics.Outcome("sms", SmsStatus.Failed);
                logger.LogError("SMS {Id} to {Phone} failed for good after {Attempts} attempts: {Error}", sms.Id, ISmsSender.E164(sms.Phone), sms.Attempts, result.Error);
            }
        }
    }

    private static void Redact(SmsMessage sms, ISmsSender sender)
    {
        if (!sender.KeepsCodes && sms.Purpose is not null)
        {
            sms.Message = $"[{sms.Purpose} code redacted]";
        }
    }
}
