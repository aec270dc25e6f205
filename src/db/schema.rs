//! The tables, as diesel sees them. Written by hand to match both migration
//! folders; only portable column types are used (text ids, UTC timestamps,
//! JSON as text).

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        status -> Text,
        organisation_name -> Text,
        structure_type -> Text,
        sectors -> Text,
        creation_year -> Integer,
        employees -> Integer,
        members -> Integer,
        beneficiaries -> Integer,
        annual_budget_eur -> Nullable<BigInt>,
        description -> Text,
        website -> Nullable<Text>,
        postal_code -> Text,
        city -> Text,
        country -> Text,
        contact_name -> Text,
        contact_email -> Text,
        space_name -> Text,
        office_suite -> Text,
        language -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
        name_key -> Text,
        search_text -> Text,
        assigned_to -> Nullable<Text>,
        space_url -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    application_sectors (application_id, sector) {
        application_id -> Text,
        sector -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        application_id -> Nullable<Text>,
        actor -> Text,
        action -> Text,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
        actor_name -> Nullable<Text>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        run_at -> Timestamp,
        attempts -> Integer,
        locked_until -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    moderators (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        disabled -> Bool,
        notify -> Text,
        language -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Text,
        moderator_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notes (id) {
        id -> Text,
        application_id -> Text,
        moderator_id -> Text,
        author_name -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text,
        application_id -> Text,
        kind -> Text,
        reason -> Nullable<Text>,
        message -> Nullable<Text>,
        actor -> Text,
        actor_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    application_flags (application_id, kind, detail) {
        application_id -> Text,
        kind -> Text,
        detail -> Text,
        related_id -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        url -> Text,
        description -> Text,
        event_types -> Text,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
        failing_since -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        event_type -> Text,
        application_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        event_id -> Text,
        endpoint_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempt -> Integer,
        started_at -> Timestamp,
        duration_ms -> Integer,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_deliveries,
    webhook_events,
    webhook_endpoints
);
diesel::allow_tables_to_appear_in_same_query!(webhook_attempts, webhook_deliveries);
diesel::joinable!(application_sectors -> applications (application_id));
diesel::joinable!(application_flags -> applications (application_id));
diesel::joinable!(sessions -> moderators (moderator_id));
diesel::allow_tables_to_appear_in_same_query!(applications, application_sectors, application_flags);
diesel::allow_tables_to_appear_in_same_query!(sessions, moderators);

diesel::table! {
    waiting_list (id) {
        id -> Text,
        email -> Text,
        language -> Text,
        created_at -> Timestamp,
        queued_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The statistics' sums, kept by triggers (see the migration).
    statistic_counts (figure, day, status, value, shard) {
        figure -> Text,
        day -> Text,
        status -> Text,
        value -> Text,
        shard -> Integer,
        n -> BigInt,
    }
}

diesel::table! {
    /// Decisions per day, person, kind and reason, kept by triggers.
    decision_counts (day, actor, actor_name, kind, reason, shard) {
        day -> Text,
        actor -> Text,
        actor_name -> Text,
        kind -> Text,
        reason -> Text,
        shard -> Integer,
        n -> BigInt,
    }
}
