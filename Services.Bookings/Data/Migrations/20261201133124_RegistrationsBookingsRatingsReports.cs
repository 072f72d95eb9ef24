using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BuildXpert.Bookings.Data.Migrations
{
    /// <inheritdoc />
    public partial class RegistrationsBookingsRatingsReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    response_status = table.Column<int>(type: "integer", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "images",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_images", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "labour_access",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_labour_access", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    full_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    profile_pic_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "provider_profiles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    years_of_experience = table.Column<int>(type: "integer", nullable: false),
                    service_description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    is_engineering_provider = table.Column<bool>(type: "boolean", nullable: false),
                    engineering_certificate_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    state = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    full_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_profiles", x => x.id);
                    table.CheckConstraint("ck_provider_profiles_years", "years_of_experience BETWEEN 0 AND 100");
                });

            migrationBuilder.CreateTable(
                name: "provider_reports_users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    incident_date = table.Column<DateOnly>(type: "date", nullable: false),
                    incident_time = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    incident_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    evidence = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "open"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_reports_users", x => x.id);
                    table.CheckConstraint("ck_provider_reports_status", "status IN ('open', 'resolved', 'closed')");
                });

            migrationBuilder.CreateTable(
                name: "user_reports_providers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    reported_by_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reported_provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: true),
                    incident_date = table.Column<DateOnly>(type: "date", nullable: false),
                    incident_time = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    incident_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    evidence = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "open"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_reports_providers", x => x.id);
                    table.CheckConstraint("ck_user_reports_status", "status IN ('open', 'resolved', 'closed')");
                });

            migrationBuilder.CreateTable(
                name: "provider_services",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    working_proof_urls = table.Column<List<string>>(type: "text[]", nullable: false),
                    payment_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "pending"),
                    payment_start_date = table.Column<DateOnly>(type: "date", nullable: true),
                    payment_end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    expiry_warned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_services", x => x.id);
                    table.CheckConstraint("ck_provider_services_payment_status", "payment_status IN ('pending', 'active', 'expired')");
                    table.ForeignKey(
                        name: "fk_provider_services_provider_profiles_provider_id",
                        column: x => x.provider_id,
                        principalTable: "provider_profiles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_provider_services_services_service_id",
                        column: x => x.service_id,
                        principalTable: "services_master",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bookings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_service_id = table.Column<Guid>(type: "uuid", nullable: true),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    service_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    selected_service = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    appointment_date = table.Column<DateOnly>(type: "date", nullable: false),
                    appointment_time = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    appointment_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "pending"),
                    rejection_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    cancellation_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    report_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    report_description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    service_charge_value = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    provider_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    provider_phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    provider_profile_pic_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    customer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    customer_phone = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    is_viewed_by_user = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    is_viewed_by_provider = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rejected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    day_reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    soon_reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bookings", x => x.id);
                    table.CheckConstraint("ck_bookings_status", "status IN ('pending', 'accepted', 'rejected', 'completed', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_bookings_registrations_provider_service_id",
                        column: x => x.provider_service_id,
                        principalTable: "provider_services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "provider_sub_services",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    provider_service_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sub_service_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    price = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_sub_services", x => x.id);
                    table.CheckConstraint("ck_provider_sub_services_price", "price > 0");
                    table.ForeignKey(
                        name: "fk_provider_sub_services_provider_services_provider_service_id",
                        column: x => x.provider_service_id,
                        principalTable: "provider_services",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    booking_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rater_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rating = table.Column<int>(type: "integer", nullable: false),
                    review = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ratings", x => x.id);
                    table.CheckConstraint("ck_ratings_rater_type", "rater_type IN ('user', 'provider')");
                    table.CheckConstraint("ck_ratings_rating", "rating BETWEEN 1 AND 5");
                    table.ForeignKey(
                        name: "fk_ratings_bookings_booking_id",
                        column: x => x.booking_id,
                        principalTable: "bookings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_provider_service_id",
                table: "bookings",
                column: "provider_service_id");

            migrationBuilder.CreateIndex(
                name: "ix_bookings_provider_user_id_created_at",
                table: "bookings",
                columns: new[] { "provider_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_provider_user_id_status_updated_at",
                table: "bookings",
                columns: new[] { "provider_user_id", "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_status_appointment_at",
                table: "bookings",
                columns: new[] { "status", "appointment_at" });

            migrationBuilder.CreateIndex(
                name: "ix_bookings_user_id_created_at",
                table: "bookings",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_bookings_open_slot",
                table: "bookings",
                columns: new[] { "user_id", "provider_service_id", "appointment_date", "appointment_time" },
                unique: true,
                filter: "status IN ('pending', 'accepted')");

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_expires_at",
                table: "idempotency_keys",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_images_owner_user_id",
                table: "images",
                column: "owner_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_labour_access_ends_at",
                table: "labour_access",
                column: "ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_role_full_name",
                table: "people",
                columns: new[] { "role", "full_name" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_profiles_city",
                table: "provider_profiles",
                column: "city");

            migrationBuilder.CreateIndex(
                name: "ix_provider_profiles_state",
                table: "provider_profiles",
                column: "state");

            migrationBuilder.CreateIndex(
                name: "ix_provider_profiles_user_id",
                table: "provider_profiles",
                column: "user_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_reports_users_provider_id_created_at",
                table: "provider_reports_users",
                columns: new[] { "provider_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_reports_users_status_created_at",
                table: "provider_reports_users",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_services_payment_status_payment_end_date",
                table: "provider_services",
                columns: new[] { "payment_status", "payment_end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_services_provider_id_service_id",
                table: "provider_services",
                columns: new[] { "provider_id", "service_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_services_provider_user_id",
                table: "provider_services",
                column: "provider_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_provider_services_service_id_payment_status",
                table: "provider_services",
                columns: new[] { "service_id", "payment_status" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_sub_services_provider_service_id_sub_service_id",
                table: "provider_sub_services",
                columns: new[] { "provider_service_id", "sub_service_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_booking_id_rater_type",
                table: "ratings",
                columns: new[] { "booking_id", "rater_type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_reports_providers_booking_id",
                table: "user_reports_providers",
                column: "booking_id",
                unique: true,
                filter: "booking_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_user_reports_providers_reported_by_user_id_created_at",
                table: "user_reports_providers",
                columns: new[] { "reported_by_user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_user_reports_providers_reported_provider_id",
                table: "user_reports_providers",
                column: "reported_provider_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_reports_providers_status_created_at",
                table: "user_reports_providers",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "images");

            migrationBuilder.DropTable(
                name: "labour_access");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "provider_reports_users");

            migrationBuilder.DropTable(
                name: "provider_sub_services");

            migrationBuilder.DropTable(
                name: "ratings");

            migrationBuilder.DropTable(
                name: "user_reports_providers");

            migrationBuilder.DropTable(
                name: "bookings");

            migrationBuilder.DropTable(
                name: "provider_services");

            migrationBuilder.DropTable(
                name: "provider_profiles");
        }
    }
}
