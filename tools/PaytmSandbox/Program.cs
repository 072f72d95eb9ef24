using BuildXpert.PaytmSandbox;

var builder = WebApplication.CreateBuilder(args);
builder.AddPaytmSandbox();

var app = builder.Build();
app.UseRequestLogging();
app.MapHealthChecks("/health");
app.MapInitiate();
app.MapPaymentPage();
app.MapStatus();
app.MapRefunds();
app.MapScripting();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
