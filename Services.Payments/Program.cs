using BuildXpert.Payments;
using BuildXpert.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPayments();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapPayments();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
