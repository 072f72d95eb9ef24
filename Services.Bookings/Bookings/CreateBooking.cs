using System.Security.Claims;
using BuildXpert.Bookings.Catalogue;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Directory;
using BuildXpert.Bookings.Earnings;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.Bookings.Bookings;

public sealed record CreateBookingRequest(
    string? ProviderServiceId, string? SelectedService, List<string>? SelectedServices, string? AppointmentDate,
    string? AppointmentTime, string? Address, string? Description);

public sealed class CreateBookingValidator : AbstractValidator<CreateBookingRequest>
{
    public CreateBookingValidator(TimeProvider clock)
    {
        RuleFor(r => r.ProviderServiceId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Provider service ID is required")
            .Must(id => Guid.TryParse(id, out _)).WithMessage("Invalid provider service ID");
        RuleFor(r => r.SelectedService).MaximumLength(FieldLengths.SelectedService);
        RuleFor(r => r).Custom((r, context) =>
        {
            var slugs = CreateBooking.Slugs(r);
            if (slugs.Count == 0)
            {
                context.AddFailure("selectedServices", "At least one service must be selected");
            }
            else if (slugs.Count > FieldLengths.MaxSubServices)
            {
                context.AddFailure("selectedServices", $"At most {FieldLengths.MaxSubServices} services can be selected");
            }
            else if (slugs.Any(s => s.Length > FieldLengths.SubServiceSlug))
            {
                context.AddFailure("selectedServices", $"Service names are at most {FieldLengths.SubServiceSlug} characters");
            }
        });
        RuleFor(r => r.AppointmentDate).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Appointment date is required")
            .Must(d => Appointment.ParseDate(d) is not null).WithMessage("Appointment date must be in YYYY-MM-DD format")
            .Must(d => Appointment.ParseDate(d) <= Appointment.IndiaDate(clock.GetUtcNow()).AddDays(Appointment.MaxDaysAhead))
            .WithMessage($"Appointments can be booked at most {Appointment.MaxDaysAhead} days ahead");
        RuleFor(r => r.AppointmentTime).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Appointment time is required")
            .Must(t => Appointment.NormaliseTime(t) is not null).WithMessage("Invalid appointment time format");
        RuleFor(r => r).Must(r => IsFuture(Appointment.ParseDate(r.AppointmentDate)!.Value, Appointment.NormaliseTime(r.AppointmentTime)!, clock.GetUtcNow()))
            .OverridePropertyName("appointmentDate").WithMessage("Appointment date and time must be in the future")
            .When(r => Appointment.ParseDate(r.AppointmentDate) is not null && Appointment.NormaliseTime(r.AppointmentTime) is not null);
        RuleFor(r => r.Address).Length(10, FieldLengths.FullAddress).WithMessage("Address must be between 10 and 500 characters")
            .When(r => !string.IsNullOrWhiteSpace(r.Address));
        RuleFor(r => r.Description).MaximumLength(FieldLengths.ServiceDescription).WithMessage("Description must be at most 1000 characters");
    }

    // A date before today is past without computing its instant (year 1 at +05:30 is not a representable UTC time).
    private static bool IsFuture(DateOnly date, string time, DateTimeOffset now)
        => date >= Appointment.IndiaDate(now) && Appointment.At(date, time) > now;
}

/// <summary>
/// <c>POST /api/bookings</c>: a customer books an active registration for a future time. The price is the sum of the
/// chosen sub-services; both parties are snapshotted. "No double booking" is the database's open-slot index.
/// </summary>
public static class CreateBooking
{
    public const string DuplicateMessage = "You already have a booking with this provider at the same date and time. Please choose a different time or wait for the current booking to be completed or cancelled.";
    public const string LabourAccessMessage = "Labour service access required. Please purchase labour access to book labour providers.";
    private const string OpenSlotIndex = "ux_bookings_open_slot";

    // The booking path's two reads, compiled once: EF skips translating and looking up the LINQ tree on every booking.
    private static readonly Func<BookingsDbContext, Guid, DateOnly, CancellationToken, Task<ProviderRegistration?>> ActiveRegistration =
        EF.CompileAsyncQuery((BookingsDbContext db, Guid id, DateOnly today, CancellationToken ct) =>
            db.Registrations.AsNoTracking().Include(r => r.Service).Include(r => r.SubServices)
                .SingleOrDefault(r => r.Id == id && r.PaymentStatus == RegistrationStatuses.Active && (r.PaymentEndDate == null || r.PaymentEndDate >= today)));

    private static readonly Func<BookingsDbContext, Guid, Guid, IAsyncEnumerable<Person>> CustomerAndProvider =
        EF.CompileAsyncQuery((BookingsDbContext db, Guid customer, Guid provider) =>
            db.People.AsNoTracking().Where(p => p.UserId == customer || p.UserId == provider));

    /// <summary>The chosen sub-service slugs: <c>selectedServices</c> if given, else the comma-joined <c>selectedService</c>.</summary>
    public static List<string> Slugs(CreateBookingRequest r)
        => [.. (r.SelectedServices is { Count: > 0 } ? r.SelectedServices : (IEnumerable<string?>)(r.SelectedService ?? "").Split(','))
            .Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];

    public static async Task<Created<ApiSuccess<BookingResponse>>> Handle(
        CreateBookingRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var now = clock.GetUtcNow();
        var registrationId = Guid.Parse(request.ProviderServiceId!);
        var date = Appointment.ParseDate(request.AppointmentDate)!.Value;
        var time = Appointment.NormaliseTime(request.AppointmentTime)!;
        var today = Appointment.IndiaDate(now);

        var registration = await ActiveRegistration(db, registrationId, today, ct)
            ?? throw new ApiException(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Provider service not found or inactive");
        if (registration.ProviderUserId == userId)
        {
            throw new RequestValidationException("providerServiceId", "You cannot book your own service");
        }

        if (registration.Service!.Name == CatalogueSeeder.FreeService
            && !await LabourAccessRules.HasActiveAccessAsync(db, userId, now, ct))
        {
            throw new ForbiddenException(LabourAccessMessage);
        }

        var slugs = Slugs(request);
        var prices = registration.SubServices.ToDictionary(s => s.SubServiceId, s => s.Price, StringComparer.Ordinal);
        if (slugs.FirstOrDefault(s => !prices.ContainsKey(s)) is { } unknown)
        {
            throw new RequestValidationException("selectedServices", $"This provider does not offer '{unknown}'");
        }

        var people = await CustomerAndProvider(db, userId, registration.ProviderUserId).ToListAsync(ct);
        var provider = people.Find(p => p.UserId == registration.ProviderUserId);
        var customer = people.Find(p => p.UserId == userId);
        var customerPhone = customer?.Phone ?? principal.FindFirstValue(AuthConstants.PhoneClaim);
        if (provider is not null && customerPhone is not null && provider.Phone == customerPhone)
        {
            // One person may hold a customer and a provider account on one phone: no booking (and rating) of oneself.
            throw new RequestValidationException("providerServiceId", "You cannot book your own service");
        }

        var booking = new Booking
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            ProviderServiceId = registration.Id,
            ProviderId = registration.ProviderId,
            ProviderUserId = registration.ProviderUserId,
            ServiceId = registration.ServiceId,
            ServiceName = registration.Service.Name,
            SelectedService = string.Join(',', slugs),
            AppointmentDate = date,
            AppointmentTime = time,
            AppointmentAt = Appointment.At(date, time),
            Address = string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            ServiceChargeValue = slugs.Sum(s => prices[s]),
            ProviderName = provider?.FullName ?? "",
            ProviderPhone = provider?.Phone,
            ProviderProfilePicUrl = provider?.ProfilePicUrl,
            CustomerName = customer?.FullName ?? principal.FindFirstValue(AuthConstants.NameClaim) ?? "",
            CustomerPhone = customerPhone,
            IsViewedByUser = true,
            IsViewedByProvider = false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Bookings.Add(booking);
        EarningsRefresh.Request(db, booking.ProviderUserId, now);
        outbox.Publish(new BookingCreated(Guid.CreateVersion7(), now, booking.Id, userId, booking.CustomerName, booking.ProviderUserId,
            registration.Id, booking.ServiceName, booking.SelectedService, date, time, booking.ProviderName));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OpenSlotIndex })
        {
            throw new RequestValidationException("appointmentTime", DuplicateMessage);
        }
        return TypedResults.Created($"/api/bookings/{booking.Id}", ApiResults.Success(new BookingResponse(BookingRow.Of(booking)), "Booking created successfully"));
    }
}
