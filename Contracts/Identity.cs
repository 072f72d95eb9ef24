namespace BuildXpert.Contracts;

/// <summary>A person verified their phone and got an account (role: user, provider or admin).</summary>
public sealed record UserRegistered(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, string FullName, string Phone, string? Email, string Role, string? ProfilePicUrl = null)
    : IIntegrationEvent;

/// <summary>Name, email, phone or picture changed; directories of other services update their copy.</summary>
/// <param name="PreviousProfilePicUrl">The picture this change replaced (null when the picture did not change), so its
/// stored upload can be deleted.</param>
public sealed record UserProfileChanged(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, string FullName, string Phone, string? Email, string Role,
    string ProfilePicUrl, string? PreviousProfilePicUrl = null) : IIntegrationEvent;

/// <summary>An account was deleted (by its owner or an admin); other services drop or anonymise what they hold.</summary>
public sealed record UserDeleted(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, string Phone, string? Email, string Role, bool DeletedByAdmin)
    : IIntegrationEvent;

/// <summary>
/// A one-time code must reach a phone. <see cref="Purpose"/> is signup, login or password-reset. The code travels only
/// inside the platform (RabbitMQ); Notifications sends it by SMS and never logs it outside the development sink.
/// </summary>
public sealed record OtpRequested(
    Guid EventId, DateTimeOffset OccurredAt, string Phone, string Purpose, string Code, DateTimeOffset ExpiresAt)
    : IIntegrationEvent;

/// <summary>Security notice for a user: password reset, signed out everywhere, a new device signed in.</summary>
public sealed record SecurityEventOccurred(
    Guid EventId, DateTimeOffset OccurredAt, Guid UserId, string Role, string Kind, string? Device, string? IpAddress)
    : IIntegrationEvent;
