namespace BuildXpert.Bookings.Data;

/// <summary>
/// Upper bounds shared by the request validators and the columns, so that no input the validators pass can fail in the
/// database (Identity's table, extended with what Bookings stores).
/// </summary>
public static class FieldLengths
{
    public const int Name = 100;
    public const int Email = 254;
    public const int Phone = 15;
    public const int Role = 20;
    public const int Url = 2048;
    public const int State = 100;
    public const int City = 100;
    public const int FullAddress = 500;
    public const int ServiceDescription = 1000;
    public const int SubServiceSlug = 64;
    public const int SelectedService = 1000;
    public const int AppointmentTime = 8; // "12:30 PM"
    public const int Status = 20;
    public const int Reason = 500;
    public const int Review = 500;
    public const int ReportReason = 200;
    public const int ReportDescription = 2000;
    public const int IncidentType = 100;
    public const int IncidentTime = 20;
    public const int IdempotencyKey = 255;
    public const int MaxProofUrls = 10;
    public const int MaxEvidenceUrls = 10;
    public const int MaxSubServices = 20;
}
