namespace BuildXpert.Contracts;

/// <summary>
/// An event one service publishes for others. Events are versioned by adding fields, never by changing meaning.
/// </summary>
public interface IIntegrationEvent
{
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }
}
