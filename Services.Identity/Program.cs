using BuildXpert.Identity;
using BuildXpert.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentity();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapIdentity();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
