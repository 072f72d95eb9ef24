using BuildXpert.Gateway;
using BuildXpert.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.MapGateway();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
