using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Calls;

/// <summary>
/// New bookings become callable by their two parties (pending). Notifications consumes each <see cref="BookingCreated"/>
/// twice (the booking's notices, and this); this one only writes the database, so it takes bookings in batches: one
/// inbox claim, one read and one commit for all of them.
/// </summary>
public sealed class CallableBookingCreatedConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<CallableBookingCreatedConsumer> logger)
    : IdempotentBatchConsumer<BookingCreated, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleBatchAsync(IReadOnlyList<BookingCreated> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.BookingId).Distinct().ToList();
        var known = await Db.CallableBookings.Where(b => ids.Contains(b.BookingId)).ToDictionaryAsync(b => b.BookingId, cancellationToken);
        foreach (var m in messages)
        {
            Apply(m, known);
        }
    }

    private void Apply(BookingCreated m, Dictionary<Guid, CallableBooking> known)
    {
        if (!known.TryGetValue(m.BookingId, out var booking))
        {
            booking = new CallableBooking { BookingId = m.BookingId, Status = "pending", StatusAt = m.OccurredAt };
            Db.CallableBookings.Add(booking);
            known[m.BookingId] = booking;
        }

        // A status change that overtook the creation keeps its status; the parties' details come from here.
        booking.CustomerUserId = m.CustomerUserId;
        booking.CustomerName = m.CustomerName;
        booking.ProviderUserId = m.ProviderUserId;
        booking.ProviderName = m.ProviderName ?? booking.ProviderName;
        booking.ProviderServiceId = m.ProviderServiceId;
        booking.ServiceName = m.ServiceName;
    }
}

/// <summary>Keeps the booking's status (calls are allowed while pending or accepted); an older event never wins.</summary>
public sealed class CallableBookingStatusConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<CallableBookingStatusConsumer> logger)
    : IdempotentConsumer<BookingStatusChanged, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(BookingStatusChanged m, ConsumeContext<BookingStatusChanged> context)
    {
        var booking = await Db.CallableBookings.FindAsync([m.BookingId], context.CancellationToken);
        if (booking is null)
        {
            Db.CallableBookings.Add(new CallableBooking
            {
                BookingId = m.BookingId,
                CustomerUserId = m.CustomerUserId,
                ProviderUserId = m.ProviderUserId,
                ServiceName = m.ServiceName,
                Status = m.NewStatus,
                StatusAt = m.OccurredAt,
            });
        }
        else if (m.OccurredAt >= booking.StatusAt)
        {
            booking.Status = m.NewStatus;
            booking.StatusAt = m.OccurredAt;
        }
    }
}

/// <summary>A registration paid (or a free one registered): customers may call its provider until it ends.</summary>
public sealed class CallableRegistrationActivatedConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<CallableRegistrationActivatedConsumer> logger)
    : IdempotentConsumer<ProviderRegistrationActivated, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(ProviderRegistrationActivated m, ConsumeContext<ProviderRegistrationActivated> context)
    {
        var ct = context.CancellationToken;
        var updated = await Db.CallableRegistrations.Where(r => r.ProviderServiceId == m.ProviderServiceId && r.UpdatedAt <= m.OccurredAt)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ValidUntil, m.ValidUntil).SetProperty(r => r.Expired, false).SetProperty(r => r.UpdatedAt, m.OccurredAt), ct);
        if (updated == 0 && !await Db.CallableRegistrations.AnyAsync(r => r.ProviderServiceId == m.ProviderServiceId, ct))
        {
            Db.CallableRegistrations.Add(new CallableRegistration { ProviderServiceId = m.ProviderServiceId, ValidUntil = m.ValidUntil, UpdatedAt = m.OccurredAt });
        }
    }
}

public sealed class CallableRegistrationExpiredConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<CallableRegistrationExpiredConsumer> logger)
    : IdempotentConsumer<ProviderRegistrationExpired, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(ProviderRegistrationExpired m, ConsumeContext<ProviderRegistrationExpired> context)
    {
        var ct = context.CancellationToken;
        var updated = await Db.CallableRegistrations.Where(r => r.ProviderServiceId == m.ProviderServiceId && r.UpdatedAt <= m.OccurredAt)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Expired, true).SetProperty(r => r.UpdatedAt, m.OccurredAt), ct);
        if (updated == 0 && !await Db.CallableRegistrations.AnyAsync(r => r.ProviderServiceId == m.ProviderServiceId, ct))
        {
            Db.CallableRegistrations.Add(new CallableRegistration { ProviderServiceId = m.ProviderServiceId, ValidUntil = m.ExpiredOn, Expired = true, UpdatedAt = m.OccurredAt });
        }
    }
}

/// <summary>A deleted account's bookings can no longer be called; its call logs go (the booking parties' data).</summary>
public sealed class CallPartyDeletedConsumer(NotificationsDbContext db, MessagingMetrics metrics, ILogger<CallPartyDeletedConsumer> logger)
    : IdempotentConsumer<UserDeleted, NotificationsDbContext>(db, metrics, logger)
{
    protected override async Task HandleAsync(UserDeleted m, ConsumeContext<UserDeleted> context)
    {
        var ct = context.CancellationToken;
        var bookings = Db.CallableBookings.Where(b => b.CustomerUserId == m.UserId || b.ProviderUserId == m.UserId);
        await Db.CallLogs.Where(l => bookings.Any(b => b.BookingId == l.BookingId)).ExecuteDeleteAsync(ct);
        await bookings.ExecuteDeleteAsync(ct);
    }
}
