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

diesel::joinable!(application_sectors -> applications (application_id));
diesel::allow_tables_to_appear_in_same_query!(applications, application_sectors);
