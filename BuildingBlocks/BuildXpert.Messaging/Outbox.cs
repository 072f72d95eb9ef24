using System.Diagnostics;
using System.Text.Json;
using BuildXpert.Contracts;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Messaging;

/// <summary>Publishes integration events through the service's outbox: they leave only if the transaction commits.</summary>
public interface IOutbox
{
    /// <summary>Adds the event to the unit of work; it is written by the caller's next <c>SaveChanges</c>.</summary>
    void Publish<T>(T message) where T : class, IIntegrationEvent;
}

internal sealed class Outbox<TContext>(TContext db) : IOutbox where TContext : DbContext
{
    public void Publish<T>(T message) where T : class, IIntegrationEvent
        => db.Set<OutboxMessage>().Add(OutboxMessages.Create(message));
}

public static class OutboxMessages
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage Create<T>(T message) where T : class, IIntegrationEvent
    {
        var activity = Activity.Current;
        return new OutboxMessage
        {
            Id = message.EventId,
            MessageType = TypeName(typeof(T)),
            Payload = JsonSerializer.Serialize(message, Json),
            OccurredAt = message.OccurredAt,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        };
    }

    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type ResolveType(string typeName)
        => Type.GetType(typeName, throwOnError: false)
           ?? throw new InvalidOperationException($"Outbox message type '{typeName}' is not loaded in this service.");
}
