using BuildXpert.Notifications;
using BuildXpert.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotifications();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapNotifications();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
