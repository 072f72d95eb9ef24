using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Bookings.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "service_pricing",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    plan_name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    currency_code = table.Column<string>(type: "char(3)", nullable: false, defaultValue: "INR"),
                    billing_period = table.Column<string>(type: "text", nullable: false),
                    billing_interval = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)1),
                    trial_days = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)0),
                    grace_period_days = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)0),
                    is_active = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    priority = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)0),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValueSql: "now()"),
                    effective_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_pricing", x => x.id);
                    table.CheckConstraint("ck_service_pricing_billing_interval", "billing_interval > 0");
                    table.CheckConstraint("ck_service_pricing_billing_period", "billing_period IN ('one_time', 'monthly', 'quarterly', 'yearly', 'biennial', 'triennial', 'lifetime', 'custom')");
                });

            migrationBuilder.CreateTable(
                name: "services_master",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "text", nullable: true),
                    is_paid = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    base_price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false, defaultValue: 99m),
                    currency_code = table.Column<string>(type: "char(3)", nullable: false, defaultValue: "INR"),
                    billing_cycle = table.Column<string>(type: "text", nullable: false, defaultValue: "monthly"),
                    billing_interval = table.Column<short>(type: "smallint", nullable: false, defaultValue: (short)1),
                    default_pricing_plan_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_services_master", x => x.id);
                    table.CheckConstraint("ck_services_master_billing_cycle", "billing_cycle IN ('one_time', 'monthly', 'quarterly', 'yearly', 'biennial', 'triennial', 'lifetime')");
                    table.ForeignKey(
                        name: "fk_services_master_pricing_default_pricing_plan_id",
                        column: x => x.default_pricing_plan_id,
                        principalTable: "service_pricing",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_service_pricing_service_id_is_active_effective_from_effecti",
                table: "service_pricing",
                columns: new[] { "service_id", "is_active", "effective_from", "effective_to" });

            migrationBuilder.CreateIndex(
                name: "ix_services_master_category",
                table: "services_master",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "ix_services_master_default_pricing_plan_id",
                table: "services_master",
                column: "default_pricing_plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_services_master_is_paid",
                table: "services_master",
                column: "is_paid");

            migrationBuilder.CreateIndex(
                name: "ix_services_master_name",
                table: "services_master",
                column: "name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_service_pricing_services_master_service_id",
                table: "service_pricing",
                column: "service_id",
                principalTable: "services_master",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            // One plan name per service, case-insensitively (the original's UNIQUE (service_id, LOWER(plan_name))).
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_service_pricing_service_id_plan_name ON service_pricing (service_id, lower(plan_name));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ux_service_pricing_service_id_plan_name;");

            migrationBuilder.DropForeignKey(
                name: "fk_service_pricing_services_master_service_id",
                table: "service_pricing");

            migrationBuilder.DropTable(
                name: "services_master");

            migrationBuilder.DropTable(
                name: "service_pricing");
        }
    }
}
