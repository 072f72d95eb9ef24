namespace BuildXpert.Bookings.Bookings;

/// <summary>
/// Who may move a booking where. The customer may cancel only a <c>pending</c> booking; the provider may accept or
/// reject a <c>pending</c> one and complete an <c>accepted</c> one. Everything else is refused (the original let the
/// customer cancel a rejected booking and the provider move freely between states).
/// </summary>
public static class BookingStateMachine
{
    public enum Actor
    {
        Customer,
        Provider,
    }

    public static bool CanMove(Actor actor, string from, string to) => (actor, from, to) switch
    {
        (Actor.Customer, BookingStatuses.Pending, BookingStatuses.Cancelled) => true,
        (Actor.Provider, BookingStatuses.Pending, BookingStatuses.Accepted) => true,
        (Actor.Provider, BookingStatuses.Pending, BookingStatuses.Rejected) => true,
        (Actor.Provider, BookingStatuses.Accepted, BookingStatuses.Completed) => true,
        _ => false,
    };

    /// <summary>The message for a refused move, naming the current state.</summary>
    public static string Refusal(Actor actor, string from, string to) => actor == Actor.Customer
        ? $"Cannot cancel a booking that is {from}. Only pending bookings can be cancelled."
        : from is BookingStatuses.Completed or BookingStatuses.Cancelled or BookingStatuses.Rejected
            ? $"Cannot change status of {from} booking"
            : $"Cannot change a {from} booking to {to}";
}
