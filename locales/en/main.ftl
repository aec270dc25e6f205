## Layout
app-name-tagline = Passeur — cloud spaces for associations
skip-to-content = Skip to content
nav-language = Language
lang-switch-label = English
footer-text = Passeur sets no tracker and loads nothing from another site.

## Home
home-title = Home
home-heading = An online space for your association
home-intro = Does your association or collective need a space to share its files, calendar and documents? Apply here: it is free, and a person from the team reads every application.
home-steps-heading = How it works
home-step-form = You fill in the form (about 10 minutes).
home-step-confirm = You confirm your e-mail address by clicking the link you receive.
home-step-review = The team reviews your application and answers by e-mail.
home-step-space = If it is approved, your space is created automatically.
home-cta = Apply

## Form
apply-title = Apply for a space
apply-heading = Apply for a space for your organisation
apply-intro = Every field is required unless marked otherwise. Your answers help us check that the space suits your organisation; they are never published.
error-summary-title = { $count ->
    [one] There is a problem with the form
   *[other] There are { $count } problems with the form
}
error-summary-text = Correct the fields shown below: what you typed has been kept.
error-prefix = Error:
field-required = required
field-optional = optional
section-structure = Your organisation
section-size = Its size
section-place = Where it is
section-contact = Who to contact
section-space = Your space
section-terms = Terms

field-organisation_name = Name of the organisation
help-organisation_name = The name your organisation is known by, for example “Friends of the Community Garden”.
field-structure_type = Type of organisation
field-sectors = Fields of activity
help-sectors = Tick every one that applies.
field-creation_year = Year founded
help-creation_year = For example 2019. For a collective, the year it started.
field-description = About the organisation
help-description = In a few sentences: what your organisation does, and what it will use the space for.
field-website = Website (optional)
help-website = For example example-association.org
field-members = Number of members
help-members = People who are members or take part regularly. An estimate is fine.
field-employees = Number of employees
help-employees = Enter 0 if your organisation has no employee.
field-beneficiaries = Number of beneficiaries
help-beneficiaries = People reached by your activities in a year. An estimate is fine.
field-annual_budget_eur = Annual budget in euros (optional)
help-annual_budget_eur = Last year’s budget, in digits, for example 3500. You may leave it out.
budget-undisclosed = I prefer not to say
field-postal_code = Postal code
field-city = Town or city
field-country = Country
field-contact_name = Full name
field-contact_email = E-mail address
help-contact_email = We will send a link to confirm the application there, then our answer.
field-language = Language of e-mails
field-space_name = Space name
help-space_name = It will be part of your space’s address. 3 to 63 characters: unaccented letters, digits and hyphens, for example garden-friends.
field-office_suite = Online office suite
field-accept_terms = I accept the terms of use of the service
help-accept_terms = The space is for the organisation’s activities, up to 50 accounts and 40 GB.
honeypot-label = Leave this field empty
apply-submit = Send the application

structure-type-association_1901 = Association (French law of 1901)
structure-type-collectif = Informal collective or de facto association
structure-type-syndicat = Trade union
structure-type-association_1907 = Mixed or religious association (law of 1907)
structure-type-other = Other

sector-education_formation = Education, training
sector-environnement = Environment
sector-culture = Culture
sector-social = Social
sector-amicale_entraide = Friendly society, mutual aid
sector-loisirs = Leisure
sector-droits_fondamentaux = Fundamental rights
sector-politique = Politics
sector-economie = Economy
sector-sport = Sport
sector-sante = Health
sector-recherche = Research
sector-justice = Justice
sector-spirituel_philosophique = Spiritual, philosophical
sector-tourisme = Tourism

office-suite-collabora = Collabora Online
office-suite-collabora-help = Recommended: works well with LibreOffice and Microsoft Office formats.
office-suite-onlyoffice = OnlyOffice
office-suite-onlyoffice-help = Closer to the look of Microsoft Office.

language-fr = French
language-en = English

country-FR = France
country-BE = Belgium
country-CH = Switzerland
country-LU = Luxembourg
country-MC = Monaco
country-CA = Canada
country-SN = Senegal
country-CI = Côte d’Ivoire
country-MA = Morocco
country-TN = Tunisia
country-DZ = Algeria
country-CM = Cameroon
country-MG = Madagascar
country-RE = Réunion
country-GP = Guadeloupe
country-MQ = Martinique
country-GF = French Guiana
country-YT = Mayotte
country-NC = New Caledonia
country-PF = French Polynesia
country-DE = Germany
country-ES = Spain
country-IT = Italy
country-GB = United Kingdom
country-PT = Portugal
country-NL = Netherlands

## Field errors
error-required = This field is required.
error-required-choice = Choose an answer.
error-choice = This choice does not exist: pick one from the list.
error-sectors-required = Tick at least one field of activity.
error-year-range = Enter a year between { $min } and { $max }, for example 2019.
error-number-too-large = This number is too large (at most { $max }).
error-negative = Enter a positive number or 0.
error-whole-number = Enter a whole number in digits, for example 12.
error-too-short = Too short: at least { $min } characters.
error-too-long = Too long: at most { $max } characters.
error-control-characters = This text contains invisible characters that are not allowed.
error-email = Enter a valid e-mail address, for example name@example.org.
error-url = Enter a valid website address, for example https://example-association.org.
error-country = Choose a country from the list.
error-postal-code = This postal code does not match the chosen country.
error-space-name-characters = Use only unaccented letters, digits and hyphens (no space or underscore).
error-space-name-hyphen = The name cannot start or end with a hyphen.
error-space-name-reserved = This name is reserved: choose another one.
error-space-name-taken = This name is already taken by another organisation: choose another one, for example by adding your town.
error-terms = You must accept the terms to send the application.
error-budget-conflict = Enter a budget or tick “I prefer not to say”, not both.
error-expected-list-of-codes = A list of codes is expected.
error-expected-boolean = A true or false value is expected.
error-expected-text-or-number = A text or a number is expected.

## Error pages
error-page-title = Something went wrong
error-page-bad-body = The request could not be read. Please try again.
error-page-too-large = The request is too large (at most { $kib } KiB).
error-page-not-found = This page does not exist.
error-page-cross-site = This form was sent from another site; for your safety it was ignored.
error-page-conflict = This is no longer possible: the application is now “{ $status }”.
error-page-rate-limited = Too many applications were sent from your connection. Try again in a few minutes: what you typed is kept below.
error-page-unavailable = The service is temporarily unavailable. Nothing is lost: try again in a moment.
error-page-internal = An unexpected error occurred. The team has been told; please try again later.
api-error-not-an-object = The request body must be a JSON object.
api-error-malformed-json = Invalid JSON (line { $line }, column { $column }).
home-link = Back to the home page
apply-again-link = Make a new application
link-not-found-title = Link not found
link-not-found-text = This link is not valid or has expired. An unconfirmed application is deleted after a few days: you can make a new one.

## Thanks (honeypot)
thanks-title = Application received
thanks-text = If the e-mail address given is correct, you will receive a message to confirm your application.

## Status
status-title = Application status
status-heading = Your application for { $organisation }
status-space = Space name requested
status-current = Where it stands
status-bookmark = Bookmark this page: its address is personal and lets you follow your application.
status-unconfirmed-email = We sent an e-mail to { $email }. Click the link in it to confirm your application before { $expires }.
status-unconfirmed-spam = Nothing arrived? Look in your spam folder. If the address was wrong, withdraw this application and make a new one.
status-timeline = History
status-withdraw-heading = Withdraw the application
status-withdraw-text = If you no longer need this space, you can withdraw your application. This cannot be undone, but you can apply again.
status-withdraw-button = Withdraw my application
status-unconfirmed = Waiting for confirmation
status-unconfirmed-text = Your e-mail address is not confirmed yet: the team cannot see your application yet.
status-submitted = Waiting for review
status-submitted-text = Your application is confirmed. A person from the team will review it; you will get the answer by e-mail.
status-info_requested = Information requested
status-info_requested-text = The team needs more details: see the e-mail it sent you.
status-approved = Approved
status-approved-text = Your application is approved! Your space is being created.
status-active = Space ready
status-active-text = Your space has been created and is ready to use.
status-provisioning_failed = Being created
status-provisioning_failed-text = Creating your space ran into a problem; the team is on it.
status-refused = Refused
status-refused-text = Your application was not approved. The team’s message was sent to you by e-mail.
status-withdrawn = Withdrawn
status-withdrawn-text = You withdrew this application. The space name is free again.
timeline-application-created = Application sent
timeline-application-submitted = E-mail address confirmed
timeline-application-withdrawn = Application withdrawn

## Confirmation
confirm-title = Confirmation
confirm-confirmed-heading = Thank you, your application is confirmed
confirm-confirmed-text = The application for { $organisation } is now in the team’s hands. You will get the answer by e-mail.
confirm-already-heading = Application already confirmed
confirm-already-text = You had already confirmed this application: there is nothing else to do.
confirm-closed-heading = This application no longer awaits confirmation
confirm-closed-text = It was withdrawn or handled in the meantime.
confirm-status-link = Follow my application

## E-mail: confirmation
mail-confirm-subject = Confirm your application for a space for { $organisation }
mail-greeting = Hello { $name },
mail-confirm-intro = We have received the application for the space “{ $space }” for { $organisation }.
mail-confirm-action = To have it reviewed, confirm your e-mail address by opening this link:
mail-confirm-button = Confirm my application
mail-confirm-expiry = Without confirmation within { $days } days, the application will be deleted.
mail-confirm-status = You can follow your application, or withdraw it, at this address:
mail-confirm-ignore = If you did not make this application, ignore this message: it will be deleted.
mail-signature = The welcome team

## Back-office
admin-nav-label = Moderation
admin-nav-queue = Queue
admin-nav-moderators = Accounts
admin-nav-logout = Sign out
admin-forbidden = This page is for administrators only.
admin-csrf-title = Form expired
admin-csrf-text = This form is no longer valid (the page is too old or was sent from elsewhere). Reload the page and try again: nothing was changed.
admin-login-title = Sign in
admin-login-heading = Sign in to moderation
admin-login-email = E-mail address
admin-login-password = Password
admin-login-submit = Sign in
admin-login-failed = Wrong e-mail address or password.
admin-login-throttled = Too many sign-in attempts. Wait a minute before trying again.
admin-back-to-queue = Back to the queue
admin-queue-title = Queue
admin-queue-heading = Applications
admin-queue-count = { $count ->
    [0] No application matches.
    [one] One application matches.
   *[other] { $count } applications match.
}
admin-queue-empty = No application here for now.
admin-filter-status = Status
admin-filter-all = All
admin-filter-any = Any
admin-filter-anyone = Anyone
admin-filter-search = Search (name, description, town, e-mail)
admin-filter-sector = Field
admin-filter-flag = Flag
admin-filter-from = Received from
admin-filter-to = Received until
admin-filter-assigned = Claimed
admin-filter-mine = By me
admin-filter-sort = Order
admin-sort-oldest = Oldest first
admin-sort-newest = Newest first
admin-filter-apply = Filter
admin-filter-reset = Reset
admin-export-csv = Export as CSV
admin-col-organisation = Organisation
admin-col-typology = Typology
admin-col-size = Size and budget
admin-col-flags = Flags
admin-col-age = Waiting
admin-col-name = Name
admin-col-role = Role
admin-col-last-login = Last sign-in
admin-col-actions = Actions
admin-size = { $members } members · { $employees } employees · { $beneficiaries } beneficiaries
admin-age-hours = { $n } h
admin-age-days = { $n ->
    [one] 1 day
   *[other] { $n } days
}
admin-budget = Annual budget
admin-budget-undisclosed = budget not given
admin-office-suite = Office suite
admin-website = Website:
admin-created = Sent on
admin-confirmed = Confirmed on
admin-pager = Pages
admin-pager-first = First page
admin-pager-next = Next page
admin-bulk-select = Select
admin-bulk-legend = For the ticked applications
admin-bulk-action = Decision
admin-bulk-submit = Apply to the ticked applications
admin-bulk-title = Bulk decision
admin-bulk-invalid = Choose a decision and, for a refusal, a reason.
admin-bulk-done = { $done } application(s) handled; { $skipped } already decided elsewhere, left as they were.
admin-detail-title = Application
admin-detail-nav = Navigation
admin-previous = Previous
admin-next = Next
admin-view = view
admin-flags-heading = To check
admin-typology-heading = Typology
admin-assignment = Claim
admin-assigned-to = Claimed by
admin-nobody = nobody
admin-assign = Assign
admin-claim = I’ll take it
admin-related-heading = Related applications
admin-decide-heading = Decision
admin-approve = Approve
admin-approve-next = Approve and go to the next
admin-refuse = Refuse
admin-refuse-reason = Reason
admin-refuse-message = Message sent to the organisation
admin-refuse-message-hint = Leave empty to send the reason’s text (in the organisation’s language), or write your own.
admin-refuse-texts = Texts of the reasons
admin-request-info = Ask for more information
admin-request-info-message = What needs to be clarified
admin-reopen = Reopen the application
admin-reopen-name-taken = Cannot reopen: the space name has since been taken by another application.
admin-no-decision = No decision is possible in this state.
admin-shortcuts = Keyboard shortcuts
admin-decisions-heading = Decisions
admin-notes-heading = Internal notes
admin-notes-hint = Seen by the team only, never by the organisation.
admin-note-add = Add a note
admin-note-submit = Save the note
admin-conflict = Nothing was changed: the application is now “{ $status }”.
admin-conflict-by = Nothing was changed: { $who } already handled this application on { $at } (now “{ $status }”).
admin-account-title = My account
admin-account-heading = My account
admin-saved = Saved.
admin-notify-heading = Hearing of new applications
admin-notify-legend = By e-mail
admin-notify-none = Never
admin-notify-immediate = For every confirmed application
admin-notify-daily = One summary a day
admin-save = Save
admin-password-heading = Change password
admin-password-current = Current password
admin-password-new = New password
admin-password-initial = Initial password
admin-password-hint = At least 12 characters; a sentence of several words is ideal.
admin-password-submit = Change the password
admin-moderators-title = Accounts
admin-moderators-heading = Moderation accounts
admin-moderators-add = Add an account
admin-moderators-add-submit = Create the account
admin-disabled = disabled
admin-make-admin = Make administrator
admin-make-moderator = Remove administration
admin-enable = Enable
admin-disable = Disable
admin-cannot-demote-self = You cannot remove your own administrator role.
admin-cannot-disable-self = You cannot disable your own account.
role-admin = Administrator
role-moderator = Moderator
actor-applicant = the organisation
actor-system = Passeur
actor-cli = command line
actor-moderator = team
actor-token = API
decision-approve = Approved
decision-refuse = Refused
decision-request_info = Information requested
decision-reopen = Reopened
error-password-too-short = Too short: at least { $min } characters.
error-password-wrong = This is not the current password.
error-account-exists = An account already exists with this address.
error-refusal-message-required = For the reason “Other”, write the message to send.
timeline-application-approved = Application approved
timeline-application-refused = Application refused
timeline-application-info_requested = Information requested
timeline-application-reopened = Application reopened
timeline-application-assigned = Claimed
timeline-application-unassigned = Claim released
timeline-application-edited = Application completed by the organisation
timeline-application-expired = Application expired

## Flags
flag-outlier_employees = { $value } employees: unusual figure (a national body’s?)
flag-outlier_beneficiaries = { $value } beneficiaries: unusual figure (a national body’s?)
flag-outlier_budget = Budget of { $value } €: unusual figure (a national body’s?)
flag-duplicate_email = Same e-mail address as another application: { $value }
flag-duplicate_name = Name very close to another application: { $value }
flag-duplicate_website = Same website as another application: { $value }
flag-previous_refusal = Refused before: { $value }
flag-filter-any = Any flagged application
flag-filter-outlier_employees = Unusual employees
flag-filter-outlier_beneficiaries = Unusual beneficiaries
flag-filter-outlier_budget = Unusual budget
flag-filter-duplicate_email = Same e-mail
flag-filter-duplicate_name = Close name
flag-filter-duplicate_website = Same website
flag-filter-previous_refusal = Earlier refusal

## Refusal reasons
refusal-out_of_scope-label = Outside the service’s public
refusal-out_of_scope-text = The service is for non-profit associations and collectives; your organisation is outside this scope. Thank you for your understanding.
refusal-too_large-label = Too large for us
refusal-too_large-text = Your organisation is larger than what we can host (50 accounts and 40 GB per space). Other trustworthy hosts can offer a service that suits you:
    { $hosts }
refusal-incomplete-label = Incomplete application
refusal-incomplete-text = Your application does not give us enough to understand your organisation and its need. Feel free to send a more detailed one.
refusal-duplicate-label = Duplicate
refusal-duplicate-text = Your organisation already has a space or an application in progress with us; we cannot open a second one.
refusal-spam-label = Unwanted
refusal-spam-text = This application does not correspond to a real organisation.
refusal-other-label = Other (write the message)
refusal-other-text = { "" }

## E-mails of decisions
mail-status-link = Follow your application:
mail-approved-subject = Your application for a space for { $organisation } is approved
mail-approved-intro = Good news: the application for the space “{ $space }” for { $organisation } is approved.
mail-approved-next = Your space is being created; you will receive another e-mail with its address as soon as it is ready.
mail-approved-quota = The space allows up to { $accounts } accounts and { $storage } GB of storage.
mail-refused-subject = Your application for a space for { $organisation }
mail-refused-intro = We have reviewed the application for a space for { $organisation } and cannot accept it, for the following reason:
mail-info-subject = More information is needed for your application ({ $organisation })
mail-info-intro = We have started reviewing the application for a space for { $organisation } and need more information:
mail-info-how = Complete your application by opening the link below; it will then come back to our queue.
mail-info-link = Complete my application:
mail-new-application-subject = New application: { $organisation }
mail-new-application-summary = { $organisation } ({ $type }, { $city }) has just confirmed its application.
mail-review-link = Review the application:
mail-digest-subject = { $count ->
    [one] One new application to review
   *[other] { $count } new applications to review
}
mail-digest-intro = Applications confirmed since yesterday ({ $count }):


## Applicant edit
edit-title = Complete your application
edit-heading = Complete your application
edit-intro = The team needs more information. Here is its message; correct or complete your application below, then send it again. The e-mail address, already confirmed, cannot change here.
edit-submit = Send my application again
status-edit-link = Complete my application
api-error-provisioning-conflict = This application is not waiting for its space (status: { $status }).

## Webhooks
mail-ready-subject = Your space for { $organisation } is ready
mail-ready-intro = Your space “{ $space }” has been created and is ready to use.
mail-ready-next = Sign in at the address below with the credentials you will receive, then invite the members of your organisation.
mail-ready-link = Your space:
mail-endpoint-disabled-subject = Webhook disabled: { $url }
mail-endpoint-disabled-intro = Deliveries to { $url } have been failing for more than { $days } days; the address was disabled. Pending deliveries will resume when you enable it again.
mail-endpoint-link = See the address and its deliveries:
error-webhook-scheme = The address must start with https:// or http://.
error-webhook-credentials = The address must not contain a user name or password.
error-webhook-private = This address leads to a private network; it must be allowed by webhook_allowed_networks.
admin-nav-webhooks = Webhooks
admin-col-status = State
admin-webhooks-title = Webhooks
admin-webhooks-heading = Provisioning webhooks
admin-webhooks-intro = Every event (application confirmed, approved, refused…) is sent, signed, to the addresses below, and sent again until it succeeds.
admin-webhooks-none = No address registered.
admin-webhooks-add = Add an address
admin-webhooks-add-submit = Add
admin-webhooks-description = Description (optional)
admin-webhooks-events = Events
admin-webhooks-events-hint = With no box ticked, every event is sent.
admin-webhooks-all-events = every event
admin-webhooks-created = Address added:
admin-webhooks-secret-once = Here is its signing secret. It will not be shown again: copy it now into the service that receives the webhooks.
admin-webhooks-rotated = New secret (the old one still signs during the grace period); it will not be shown again:
admin-webhooks-rotation-until = Both secrets sign until
admin-webhooks-enabled = active
admin-webhooks-disabled = disabled
admin-webhooks-failing-since = failing since
admin-webhooks-test = Send a test event
admin-webhooks-rotate = Rotate the secret
admin-webhooks-delete = Delete
admin-webhooks-edit = Edit the address
admin-webhooks-deliveries = Deliveries
admin-webhooks-event = Event
admin-webhooks-attempts = Attempts
admin-webhooks-last = Last response
admin-webhooks-redeliver = Send again
admin-webhooks-redeliver-failed = Send again the failed deliveries of the period
admin-webhooks-no-delivery = No delivery.
admin-webhooks-application = the application
admin-webhooks-response = Response received
admin-delivery-pending = Pending
admin-delivery-succeeded = Delivered
admin-delivery-failed = Failed
admin-retry-provisioning = Retry creating the space
admin-provisioning-failed-banner = { $count ->
    [one] Creating one space failed.
   *[other] Creating { $count } spaces failed.
}
admin-space-url = Address of the space
admin-deliveries-heading = Webhooks sent
timeline-application-activated = Space created
timeline-application-provisioning_failed = Creating the space failed
timeline-application-provisioning_retried = Space creation retried
