using BuildXpert.Bookings;
using BuildXpert.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBookings();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBookings();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
