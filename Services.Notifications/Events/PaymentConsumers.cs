using System.Globalization;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.Notifications.Push;

namespace BuildXpert.Notifications.Events;

/// <summary>
/// A payment failed or expired: the original's 'Payment Failed ❌' to the payer (the provider for a registration fee, the
/// customer for a labour pass). Success is announced by the activation it causes (RegistrationActivated, LabourAccessActivated).
/// </summary>
public sealed class PaymentFailedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<PaymentFailedConsumer> logger)
    : NotifyingConsumer<PaymentFailed>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(PaymentFailed m)
    {
        var labour = m.Purpose == PaymentPurposes.LabourAccess;
        yield return new(m.UserId, labour ? Roles.User : Roles.Provider, labour ? "Labour Payment Failed ❌" : "Payment Failed ❌",
            $"Your payment of ₹{m.Amount.ToString("0.00", CultureInfo.InvariantCulture)} could not be completed: {m.Reason}. You can try again.",
            new PushSpec(PushCategories.BookingUpdates, labour ? "labour_payment_failed" : "payment_failed", "services"));
    }
}

/// <summary>A payment was refunded (all or part): 'Payment Refunded' to the payer.</summary>
public sealed class PaymentRefundedConsumer(NotificationsDbContext db, NotificationWriter writer, MessagingMetrics metrics, ILogger<PaymentRefundedConsumer> logger)
    : NotifyingConsumer<PaymentRefunded>(db, writer, metrics, logger)
{
    protected override IEnumerable<NotificationFor> Notify(PaymentRefunded m)
    {
        var labour = m.Purpose == PaymentPurposes.LabourAccess;
        yield return new(m.UserId, labour ? Roles.User : Roles.Provider, "Payment Refunded",
            $"₹{m.Amount.ToString("0.00", CultureInfo.InvariantCulture)} of your payment (order {m.OrderId}) has been refunded to your original payment method.",
            new PushSpec(PushCategories.BookingUpdates, "payment_refunded", "services"));
    }
}
