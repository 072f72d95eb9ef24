namespace BuildXpert.Contracts;

/// <summary>Names of the Aspire resources, shared by the AppHost, the services and the tests.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string IdentityDb = "identitydb";
    public const string BookingsDb = "bookingsdb";
    public const string PaymentsDb = "paymentsdb";
    public const string NotificationsDb = "notificationsdb";
    public const string Messaging = "messaging";
    public const string Cache = "cache";

    public const string Identity = "identity";
    public const string Bookings = "bookings";
    public const string Payments = "payments";
    public const string Notifications = "notifications";
    public const string Gateway = "gateway";
    public const string PaytmSandbox = "paytm-sandbox";

    public static readonly string[] Services = [Identity, Bookings, Payments, Notifications];
}
