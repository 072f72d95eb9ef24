using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BuildXpert.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a service's DbContext without starting the service (no server needed);
/// the options match <see cref="DatabaseExtensions.AddServiceDatabase{TContext}"/>.
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=localhost;Database=design_time");
        options.UseServiceConventions();
        return (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
    }
}
