using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Api;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Events;

/// <summary>The newest earnings event sent to a provider, so that an older one handled later is not sent over it.</summary>
public sealed class EarningsWatermark
{
    public Guid ProviderUserId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>
/// <c>earnings_updated</c> to the provider, in the envelope of <c>GET /api/earnings</c> with ₹ strings (the provider
/// app's handler calls <c>.replace</c> on them). No in-app notice. Events for one provider can be handled out of order
/// (several consumers, redelivery), so only one newer than the last sent goes out.
/// </summary>
public sealed class ProviderEarningsChangedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<ProviderEarningsChangedConsumer> logger)
    : NotifyingConsumer<ProviderEarningsChanged>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(ProviderEarningsChanged m) => [];

    protected override IEnumerable<RealtimeSignal> Signals(ProviderEarningsChanged m) =>
    [
        new(m.ProviderUserId, Roles.Provider, RealtimeEvents.EarningsUpdated, new
        {
            status = "success",
            data = new { earnings = new { thisMonth = Rupees.Format(m.ThisMonth), today = Rupees.Format(m.Today), pending = Rupees.Format(m.Pending) } },
        }),
    ];

    protected override async Task HandleAsync(ProviderEarningsChanged message, ConsumeContext<ProviderEarningsChanged> context)
    {
        // The row lock taken by the upsert orders concurrent handlers for one provider; the later commit sees the newer mark.
        var newer = await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO earnings_watermarks (provider_user_id, occurred_at) VALUES ({message.ProviderUserId}, {message.OccurredAt})
            ON CONFLICT (provider_user_id) DO UPDATE SET occurred_at = excluded.occurred_at
            WHERE earnings_watermarks.occurred_at < excluded.occurred_at
            """, context.CancellationToken);
        if (newer == 1)
        {
            await base.HandleAsync(message, context);
        }
    }
}
