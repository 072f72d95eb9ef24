using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.Extensions.Primitives;
using static BuildXpert.Bookings.Bookings.BookingStateMachine;

namespace BuildXpert.UnitTests;

public class BookingFlowRulesTests
{
    [Theory]
    [InlineData("09:00 AM", "9:00 AM")]
    [InlineData("9:05 pm", "9:05 PM")]
    [InlineData("12:00 AM", "12:00 AM")]
    [InlineData("12:30 PM", "12:30 PM")]
    [InlineData("00:15", "12:15 AM")]
    [InlineData("13:45", "1:45 PM")]
    [InlineData("23:59", "11:59 PM")]
    [InlineData(" 10:00AM ", "10:00 AM")]
    public void Appointment_times_in_12_or_24_hour_form_are_stored_as_H_MM_AM(string raw, string expected)
        => Assert.Equal(expected, Appointment.NormaliseTime(raw));

    [Theory]
    [InlineData("24:00")]
    [InlineData("13:00 PM")]
    [InlineData("0:30 AM")]
    [InlineData("10:60")]
    [InlineData("10")]
    [InlineData("10:00 XM")]
    [InlineData("")]
    [InlineData(null)]
    public void Impossible_appointment_times_are_refused(string? raw) => Assert.Null(Appointment.NormaliseTime(raw));

    [Theory]
    [InlineData("2026-02-29")]
    [InlineData("2026-3-1")]
    [InlineData("01/03/2026")]
    [InlineData("2026-03-01T10:00:00Z")]
    public void Appointment_dates_must_be_real_YYYY_MM_DD_dates(string raw) => Assert.Null(Appointment.ParseDate(raw));

    [Fact]
    public void An_appointment_is_an_instant_in_India_time_and_India_dates_turn_at_1830_UTC()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 4, 30, 0, TimeSpan.Zero), Appointment.At(new DateOnly(2026, 3, 11), "10:00 AM"));
        Assert.Equal(new DateOnly(2026, 3, 10), Appointment.IndiaDate(new DateTimeOffset(2026, 3, 10, 18, 29, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 3, 11), Appointment.IndiaDate(new DateTimeOffset(2026, 3, 10, 18, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Earnings_windows_are_the_India_month_and_day()
    {
        var w = EarningsCalculator.Windows.At(new DateTimeOffset(2026, 3, 31, 19, 0, 0, TimeSpan.Zero)); // 1 April 00:30 in India
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 18, 30, 0, TimeSpan.Zero), w.MonthStart);
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 18, 30, 0, TimeSpan.Zero), w.MonthEnd);
        Assert.Equal(w.MonthStart, w.DayStart);
        Assert.Equal(TimeSpan.FromDays(1), w.DayEnd - w.DayStart);
    }

    public static TheoryData<Actor, string, string> Allowed => new()
    {
        { Actor.Customer, "pending", "cancelled" },
        { Actor.Provider, "pending", "accepted" },
        { Actor.Provider, "pending", "rejected" },
        { Actor.Provider, "accepted", "completed" },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void The_state_machine_allows_exactly_four_moves(Actor actor, string from, string to)
    {
        Assert.True(CanMove(actor, from, to));
        var others = from a in new[] { Actor.Customer, Actor.Provider }
                     from f in BookingStatuses.All
                     from t in BookingStatuses.All
                     where CanMove(a, f, t)
                     select (a, f, t);
        Assert.Equal(4, others.Count());
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("accepted")]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public void A_customer_cannot_cancel_anything_but_a_pending_booking(string from)
        => Assert.False(CanMove(Actor.Customer, from, BookingStatuses.Cancelled));

    [Fact]
    public void Selected_services_come_from_the_array_or_else_the_comma_joined_string_trimmed_and_distinct()
    {
        Assert.Equal(["a", "b"], CreateBooking.Slugs(new CreateBookingRequest(null, "x", ["a", " b ", "a", ""], null, null, null, null)));
        Assert.Equal(["tap", "shower"], CreateBooking.Slugs(new CreateBookingRequest(null, "tap, shower,,tap", null, null, null, null, null)));
        Assert.Empty(CreateBooking.Slugs(new CreateBookingRequest(null, " , ", [], null, null, null, null)));
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324")]
    public void An_idempotency_key_is_a_bare_or_quoted_string(string header, string key)
        => Assert.Equal(key, IdempotencyRequest.ParseKey(new StringValues(header)));

    [Fact]
    public void Empty_overlong_and_repeated_idempotency_keys_are_400()
    {
        Assert.Throws<RequestValidationException>(() => IdempotencyRequest.ParseKey(new StringValues("")));
        Assert.Throws<RequestValidationException>(() => IdempotencyRequest.ParseKey(new StringValues("\"\"")));
        Assert.Throws<RequestValidationException>(() => IdempotencyRequest.ParseKey(new StringValues(new string('k', 256))));
        Assert.Throws<RequestValidationException>(() => IdempotencyRequest.ParseKey(new StringValues(["a", "b"])));
        Assert.Equal(255, IdempotencyRequest.ParseKey(new StringValues(new string('k', 255))).Length);
    }

    [Fact]
    public void An_idempotency_scope_names_the_operation_and_the_caller_and_fits_its_column()
    {
        var user = Guid.NewGuid().ToString();
        Assert.Equal($"POST /api/bookings/:{user}", IdempotencyRequest.Scope("post", "/api/bookings/", user));
        Assert.NotEqual(IdempotencyRequest.Scope("POST", "/api/bookings/", user), IdempotencyRequest.Scope("POST", "/api/bookings/", Guid.NewGuid().ToString()));
        Assert.NotEqual(IdempotencyRequest.Scope("POST", "/api/bookings/", user), IdempotencyRequest.Scope("PUT", "/api/bookings/", user));
        Assert.True(IdempotencyRequest.Scope("POST", new string('x', 300), user).Length <= 200);
    }

    [Fact]
    public void Booking_list_pagination_carries_every_spelling_the_apps_read()
    {
        var p = ListPagination.Of(new PageRequest(2, 50), 120);
        Assert.Equal((2, 3, 120, 120, 50, 50, true, true, true), (p.CurrentPage, p.TotalPages, p.Total, p.TotalItems, p.ItemsPerPage, p.Limit, p.HasNextPage, p.HasPrevPage, p.HasMore));
        Assert.False(ListPagination.Of(new PageRequest(1, 50), 0).HasNextPage);
    }
}
