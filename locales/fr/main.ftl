## Layout
app-name-tagline = Passeur — demandes d’espaces associatifs
skip-to-content = Aller au contenu
nav-language = Langue
lang-switch-label = Français
footer-text = Passeur ne dépose aucun traceur et ne charge rien d’un autre site.

## Home
home-title = Accueil
home-heading = Un espace en ligne pour votre association
home-intro = Votre association ou votre collectif a besoin d’un espace pour partager ses fichiers, son agenda et ses documents ? Faites-en la demande ici : c’est gratuit, et une personne de l’équipe lit chaque demande.
home-steps-heading = Comment ça se passe
home-step-form = Vous remplissez le formulaire (environ 10 minutes).
home-step-confirm = Vous confirmez votre adresse e-mail en cliquant sur le lien reçu.
home-step-review = L’équipe examine votre demande et vous répond par e-mail.
home-step-space = Si elle est acceptée, votre espace est créé automatiquement.
home-cta = Faire une demande

## Form
apply-title = Demander un espace
apply-heading = Demander un espace pour votre structure
apply-intro = Tous les champs sont obligatoires, sauf mention contraire. Vos réponses nous aident à vérifier que l’espace convient à votre structure ; elles ne sont jamais publiées.
error-summary-title = { $count ->
    [one] Il y a un problème dans le formulaire
   *[other] Il y a { $count } problèmes dans le formulaire
}
error-summary-text = Corrigez les champs indiqués ci-dessous : ce que vous avez saisi a été conservé.
error-prefix = Erreur :
field-required = obligatoire
field-optional = facultatif
section-structure = Votre structure
section-size = Sa taille
section-place = Où se trouve-t-elle
section-contact = La personne à contacter
section-space = Votre espace
section-terms = Conditions

field-organisation_name = Nom de la structure
help-organisation_name = Le nom sous lequel votre structure est connue, par exemple « Les Amis du Jardin partagé ».
field-structure_type = Type de structure
field-sectors = Domaines d’activité
help-sectors = Cochez tous ceux qui vous concernent.
field-creation_year = Année de création
help-creation_year = Par exemple 2019. Pour un collectif, l’année où il a commencé à agir.
field-description = Présentation de la structure
help-description = En quelques phrases : ce que fait votre structure, et à quoi lui servira l’espace.
field-website = Site web (facultatif)
help-website = Par exemple asso-exemple.fr
field-members = Nombre de membres
help-members = Les personnes adhérentes ou qui participent régulièrement. Une estimation suffit.
field-employees = Nombre de salarié·es
help-employees = Mettez 0 si votre structure n’a pas de salarié·e.
field-beneficiaries = Nombre de bénéficiaires
help-beneficiaries = Les personnes touchées par vos actions en une année. Une estimation suffit.
field-annual_budget_eur = Budget annuel en euros (facultatif)
help-annual_budget_eur = Le budget de la dernière année, en chiffres, par exemple 3500. Vous pouvez ne pas répondre.
budget-undisclosed = Je préfère ne pas indiquer le budget
field-postal_code = Code postal
field-city = Commune
field-country = Pays
field-contact_name = Nom et prénom
field-contact_email = Adresse e-mail
help-contact_email = Nous y enverrons un lien pour confirmer la demande, puis notre réponse.
field-language = Langue des e-mails
field-space_name = Nom de l’espace
help-space_name = Il fera partie de l’adresse de votre espace. De 3 à 63 caractères : lettres sans accent, chiffres et tirets, par exemple amis-du-jardin.
field-office_suite = Suite bureautique en ligne
field-accept_terms = J’accepte les conditions d’utilisation du service
help-accept_terms = L’espace est réservé aux activités de la structure, dans la limite de 50 comptes et 40 Go.
honeypot-label = Ne remplissez pas ce champ
apply-submit = Envoyer la demande

structure-type-association_1901 = Association loi 1901
structure-type-collectif = Collectif informel ou association de fait
structure-type-syndicat = Syndicat
structure-type-association_1907 = Association mixte ou cultuelle (loi 1907)
structure-type-other = Autre

sector-education_formation = Éducation, formation
sector-environnement = Environnement
sector-culture = Culture
sector-social = Social
sector-amicale_entraide = Amicale, entraide
sector-loisirs = Loisirs
sector-droits_fondamentaux = Droits fondamentaux
sector-politique = Politique
sector-economie = Économie
sector-sport = Sport
sector-sante = Santé
sector-recherche = Recherche
sector-justice = Justice
sector-spirituel_philosophique = Spirituel, philosophique
sector-tourisme = Tourisme

office-suite-collabora = Collabora Online
office-suite-collabora-help = Recommandée : fonctionne bien avec les formats LibreOffice et Microsoft Office.
office-suite-onlyoffice = OnlyOffice
office-suite-onlyoffice-help = Plus proche de l’apparence de Microsoft Office.

language-fr = Français
language-en = Anglais

country-FR = France
country-BE = Belgique
country-CH = Suisse
country-LU = Luxembourg
country-MC = Monaco
country-CA = Canada
country-SN = Sénégal
country-CI = Côte d’Ivoire
country-MA = Maroc
country-TN = Tunisie
country-DZ = Algérie
country-CM = Cameroun
country-MG = Madagascar
country-RE = La Réunion
country-GP = Guadeloupe
country-MQ = Martinique
country-GF = Guyane
country-YT = Mayotte
country-NC = Nouvelle-Calédonie
country-PF = Polynésie française
country-DE = Allemagne
country-ES = Espagne
country-IT = Italie
country-GB = Royaume-Uni
country-PT = Portugal
country-NL = Pays-Bas

## Field errors
error-required = Ce champ est obligatoire.
error-required-choice = Choisissez une réponse.
error-choice = Ce choix n’existe pas : choisissez dans la liste.
error-sectors-required = Cochez au moins un domaine d’activité.
error-year-range = Indiquez une année entre { $min } et { $max }, par exemple 2019.
error-number-too-large = Ce nombre est trop grand (au plus { $max }).
error-negative = Indiquez un nombre positif ou 0.
error-whole-number = Indiquez un nombre entier en chiffres, par exemple 12.
error-too-short = Trop court : au moins { $min } caractères.
error-too-long = Trop long : au plus { $max } caractères.
error-control-characters = Ce texte contient des caractères invisibles non autorisés.
error-email = Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.
error-url = Indiquez une adresse de site valide, par exemple https://asso-exemple.fr.
error-country = Choisissez un pays dans la liste.
error-postal-code = Ce code postal ne correspond pas au pays choisi.
error-space-name-characters = Utilisez seulement des lettres sans accent, des chiffres et des tirets (pas d’espace ni de tiret bas).
error-space-name-hyphen = Le nom ne peut ni commencer ni finir par un tiret.
error-space-name-reserved = Ce nom est réservé : choisissez-en un autre.
error-space-name-taken = Ce nom est déjà pris par une autre structure : choisissez-en un autre, par exemple en ajoutant votre ville.
error-terms = Vous devez accepter les conditions pour envoyer la demande.
error-budget-conflict = Indiquez un budget ou cochez « Je préfère ne pas indiquer le budget », pas les deux.
error-expected-list-of-codes = Une liste de codes est attendue.
error-expected-boolean = Une valeur vrai ou faux est attendue.
error-expected-text-or-number = Un texte ou un nombre est attendu.

## Error pages
error-page-title = Un problème est survenu
error-page-bad-body = La demande n’a pas pu être lue. Réessayez.
error-page-too-large = La demande est trop volumineuse (au plus { $kib } Kio).
error-page-not-found = Cette page n’existe pas.
error-page-cross-site = Ce formulaire a été envoyé depuis un autre site ; par sécurité, il n’a pas été pris en compte.
error-page-conflict = Ce n’est plus possible : la demande est maintenant « { $status } ».
error-page-rate-limited = Trop de demandes ont été envoyées depuis votre connexion. Réessayez dans quelques minutes : ce que vous avez saisi est conservé ci-dessous.
error-page-unavailable = Le service est momentanément indisponible. Rien n’est perdu : réessayez dans quelques instants.
error-page-internal = Une erreur inattendue s’est produite. L’équipe a été prévenue ; réessayez plus tard.
api-error-not-an-object = Le corps de la requête doit être un objet JSON.
api-error-malformed-json = JSON invalide (ligne { $line }, colonne { $column }).
home-link = Retour à l’accueil
apply-again-link = Faire une nouvelle demande
link-not-found-title = Lien introuvable
link-not-found-text = Ce lien n’est pas valide ou a expiré. Une demande non confirmée est effacée au bout de quelques jours : vous pouvez en faire une nouvelle.

## Thanks (honeypot)
thanks-title = Demande reçue
thanks-text = Si l’adresse e-mail indiquée est correcte, vous allez recevoir un message pour confirmer votre demande.

## Status
status-title = Suivi de la demande
status-heading = Votre demande pour { $organisation }
status-space = Nom de l’espace demandé
status-current = Où en est-elle
status-bookmark = Gardez cette page dans vos favoris : son adresse est personnelle et vous permet de suivre votre demande.
status-unconfirmed-email = Nous avons envoyé un e-mail à { $email }. Cliquez sur le lien qu’il contient pour confirmer votre demande, avant le { $expires }.
status-unconfirmed-spam = Rien reçu ? Regardez dans les indésirables (spam). Si l’adresse était fausse, retirez cette demande et faites-en une nouvelle.
status-timeline = Historique
status-withdraw-heading = Retirer la demande
status-withdraw-text = Si vous n’avez plus besoin de cet espace, vous pouvez retirer votre demande. Ce n’est pas réversible, mais vous pourrez en faire une nouvelle.
status-withdraw-button = Retirer ma demande
status-unconfirmed = En attente de confirmation
status-unconfirmed-text = Votre adresse e-mail n’est pas encore confirmée : l’équipe ne voit pas encore votre demande.
status-submitted = En attente d’examen
status-submitted-text = Votre demande est confirmée. Une personne de l’équipe va l’examiner ; vous recevrez la réponse par e-mail.
status-info_requested = Informations demandées
status-info_requested-text = L’équipe a besoin de précisions : consultez l’e-mail qu’elle vous a envoyé.
status-approved = Acceptée
status-approved-text = Votre demande est acceptée ! Votre espace est en cours de création.
status-active = Espace prêt
status-active-text = Votre espace est créé et prêt à servir.
status-provisioning_failed = Création en cours
status-provisioning_failed-text = La création de votre espace a rencontré un problème ; l’équipe s’en occupe.
status-refused = Refusée
status-refused-text = Votre demande n’a pas été acceptée. Le message de l’équipe vous a été envoyé par e-mail.
status-withdrawn = Retirée
status-withdrawn-text = Vous avez retiré cette demande. Le nom d’espace est de nouveau libre.
timeline-application-created = Demande envoyée
timeline-application-submitted = Adresse e-mail confirmée
timeline-application-withdrawn = Demande retirée

## Confirmation
confirm-title = Confirmation
confirm-confirmed-heading = Merci, votre demande est confirmée
confirm-confirmed-text = La demande pour { $organisation } est maintenant entre les mains de l’équipe. Vous recevrez la réponse par e-mail.
confirm-already-heading = Demande déjà confirmée
confirm-already-text = Vous aviez déjà confirmé cette demande : il n’y a rien d’autre à faire.
confirm-closed-heading = Cette demande n’attend plus de confirmation
confirm-closed-text = Elle a été retirée ou traitée entre-temps.
confirm-status-link = Suivre ma demande

## E-mail: confirmation
mail-confirm-subject = Confirmez votre demande d’espace pour { $organisation }
mail-greeting = Bonjour { $name },
mail-confirm-intro = Nous avons bien reçu la demande d’espace « { $space } » pour { $organisation }.
mail-confirm-action = Pour qu’elle soit examinée, confirmez votre adresse e-mail en ouvrant ce lien :
mail-confirm-button = Confirmer ma demande
mail-confirm-expiry = Sans confirmation sous { $days } jours, la demande sera effacée.
mail-confirm-status = Vous pouvez suivre votre demande, ou la retirer, à cette adresse :
mail-confirm-ignore = Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : elle sera effacée.
mail-signature = L’équipe d’accueil

## Back-office
admin-nav-label = Espace modération
admin-nav-queue = File d’attente
admin-nav-moderators = Comptes
admin-nav-logout = Se déconnecter
admin-forbidden = Cette page est réservée aux administrateurs et administratrices.
admin-csrf-title = Formulaire expiré
admin-csrf-text = Ce formulaire n’est plus valide (page trop ancienne ou envoyée d’ailleurs). Rechargez la page et recommencez : rien n’a été modifié.
admin-login-title = Connexion
admin-login-heading = Connexion à l’espace de modération
admin-login-email = Adresse e-mail
admin-login-password = Mot de passe
admin-login-submit = Se connecter
admin-login-failed = Adresse e-mail ou mot de passe incorrect.
admin-login-throttled = Trop de tentatives de connexion. Patientez une minute avant de réessayer.
admin-back-to-queue = Retour à la file
admin-queue-title = File d’attente
admin-queue-heading = Demandes
admin-queue-count = { $count ->
    [0] Aucune demande ne correspond.
    [one] Une demande correspond.
   *[other] { $count } demandes correspondent.
}
admin-queue-empty = Aucune demande ici pour l’instant.
admin-filter-status = Statut
admin-filter-all = Toutes
admin-filter-any = Tous
admin-filter-anyone = Tout le monde
admin-filter-search = Rechercher (nom, description, commune, e-mail)
admin-filter-sector = Domaine
admin-filter-flag = Signalement
admin-filter-from = Reçue à partir du
admin-filter-to = Reçue jusqu’au
admin-filter-assigned = Prise en charge
admin-filter-mine = Par moi
admin-filter-sort = Ordre
admin-sort-oldest = Les plus anciennes d’abord
admin-sort-newest = Les plus récentes d’abord
admin-filter-apply = Filtrer
admin-filter-reset = Réinitialiser
admin-export-csv = Exporter en CSV
admin-col-organisation = Structure
admin-col-typology = Typologie
admin-col-size = Taille et budget
admin-col-flags = Signalements
admin-col-age = Attente
admin-col-name = Nom
admin-col-role = Rôle
admin-col-last-login = Dernière connexion
admin-col-actions = Actions
admin-size = { $members } membres · { $employees } salarié·es · { $beneficiaries } bénéficiaires
admin-age-hours = { $n } h
admin-age-days = { $n ->
    [one] 1 jour
   *[other] { $n } jours
}
admin-budget = Budget annuel
admin-budget-undisclosed = budget non indiqué
admin-office-suite = Suite bureautique
admin-website = Site :
admin-created = Envoyée le
admin-confirmed = Confirmée le
admin-pager = Pages
admin-pager-first = Première page
admin-pager-next = Page suivante
admin-bulk-select = Sélectionner
admin-bulk-legend = Pour les demandes cochées
admin-bulk-action = Décision
admin-bulk-submit = Appliquer aux demandes cochées
admin-bulk-title = Décision groupée
admin-bulk-invalid = Choisissez une décision et, pour un refus, un motif.
admin-bulk-done = { $done } demande(s) traitée(s) ; { $skipped } déjà décidée(s) par ailleurs, laissée(s) telle(s) quelle(s).
admin-detail-title = Demande
admin-detail-nav = Navigation
admin-previous = Précédente
admin-next = Suivante
admin-view = voir
admin-flags-heading = À vérifier
admin-typology-heading = Typologie
admin-assignment = Prise en charge
admin-assigned-to = Prise en charge par
admin-nobody = personne
admin-assign = Attribuer
admin-claim = Je m’en occupe
admin-related-heading = Demandes liées
admin-decide-heading = Décision
admin-approve = Accepter
admin-approve-next = Accepter et passer à la suivante
admin-refuse = Refuser
admin-refuse-reason = Motif
admin-refuse-message = Message envoyé à la structure
admin-refuse-message-hint = Laissez vide pour envoyer le texte du motif (dans la langue de la structure), ou écrivez le vôtre.
admin-refuse-texts = Textes des motifs
admin-request-info = Demander des précisions
admin-request-info-message = Ce qu’il faut préciser
admin-reopen = Rouvrir la demande
admin-reopen-name-taken = Impossible de rouvrir : le nom d’espace a été pris depuis par une autre demande.
admin-no-decision = Aucune décision n’est possible dans cet état.
admin-shortcuts = Raccourcis clavier
admin-decisions-heading = Décisions
admin-notes-heading = Notes internes
admin-notes-hint = Visibles par l’équipe seulement, jamais par la structure.
admin-note-add = Ajouter une note
admin-note-submit = Enregistrer la note
admin-conflict = Rien n’a été modifié : la demande est maintenant « { $status } ».
admin-conflict-by = Rien n’a été modifié : { $who } a déjà traité cette demande le { $at } (maintenant « { $status } »).
admin-account-title = Mon compte
admin-account-heading = Mon compte
admin-saved = Enregistré.
admin-notify-heading = Être prévenu·e des nouvelles demandes
admin-notify-legend = Par e-mail
admin-notify-none = Jamais
admin-notify-immediate = À chaque demande confirmée
admin-notify-daily = Un résumé par jour
admin-save = Enregistrer
admin-password-heading = Changer de mot de passe
admin-password-current = Mot de passe actuel
admin-password-new = Nouveau mot de passe
admin-password-initial = Mot de passe initial
admin-password-hint = Au moins 12 caractères ; une phrase de plusieurs mots est idéale.
admin-password-submit = Changer le mot de passe
admin-moderators-title = Comptes
admin-moderators-heading = Comptes de modération
admin-moderators-add = Ajouter un compte
admin-moderators-add-submit = Créer le compte
admin-disabled = désactivé
admin-make-admin = Nommer administrateur·ice
admin-make-moderator = Retirer l’administration
admin-enable = Réactiver
admin-disable = Désactiver
admin-cannot-demote-self = Vous ne pouvez pas retirer votre propre rôle d’administration.
admin-cannot-disable-self = Vous ne pouvez pas désactiver votre propre compte.
role-admin = Administration
role-moderator = Modération
actor-applicant = la structure
actor-system = Passeur
actor-cli = ligne de commande
actor-moderator = équipe
actor-token = API
decision-approve = Acceptée
decision-refuse = Refusée
decision-request_info = Précisions demandées
decision-reopen = Rouverte
error-password-too-short = Trop court : au moins { $min } caractères.
error-password-wrong = Ce n’est pas le mot de passe actuel.
error-account-exists = Un compte existe déjà avec cette adresse.
error-refusal-message-required = Pour le motif « Autre », écrivez le message à envoyer.
timeline-application-approved = Demande acceptée
timeline-application-refused = Demande refusée
timeline-application-info_requested = Précisions demandées
timeline-application-reopened = Demande rouverte
timeline-application-assigned = Prise en charge
timeline-application-unassigned = Prise en charge libérée
timeline-application-edited = Demande complétée par la structure
timeline-application-expired = Demande expirée

## Flags
flag-outlier_employees = { $value } salarié·es : chiffre inhabituel (celui d’une fédération nationale ?)
flag-outlier_beneficiaries = { $value } bénéficiaires : chiffre inhabituel (celui d’une fédération nationale ?)
flag-outlier_budget = Budget de { $value } € : chiffre inhabituel (celui d’une fédération nationale ?)
flag-duplicate_email = Même adresse e-mail qu’une autre demande : { $value }
flag-duplicate_name = Nom très proche d’une autre demande : { $value }
flag-duplicate_website = Même site web qu’une autre demande : { $value }
flag-previous_refusal = Déjà refusée auparavant : { $value }
flag-filter-any = Toute demande signalée
flag-filter-outlier_employees = Salarié·es inhabituel·les
flag-filter-outlier_beneficiaries = Bénéficiaires inhabituel·les
flag-filter-outlier_budget = Budget inhabituel
flag-filter-duplicate_email = Même e-mail
flag-filter-duplicate_name = Nom proche
flag-filter-duplicate_website = Même site
flag-filter-previous_refusal = Refus antérieur

## Refusal reasons
refusal-out_of_scope-label = Hors du public du service
refusal-out_of_scope-text = Le service est réservé aux associations et collectifs à but non lucratif ; votre structure n’entre pas dans ce cadre. Merci de votre compréhension.
refusal-too_large-label = Structure trop grande pour nous
refusal-too_large-text = Votre structure dépasse ce que nous pouvons accueillir (50 comptes et 40 Go par espace). D’autres hébergeurs de confiance peuvent vous proposer un service adapté :
    { $hosts }
refusal-incomplete-label = Demande incomplète
refusal-incomplete-text = Votre demande ne nous donne pas assez d’éléments pour comprendre votre structure et son besoin. N’hésitez pas à en refaire une plus détaillée.
refusal-duplicate-label = Doublon
refusal-duplicate-text = Votre structure dispose déjà d’un espace ou d’une demande en cours chez nous ; nous ne pouvons pas en ouvrir un second.
refusal-spam-label = Indésirable
refusal-spam-text = Cette demande ne correspond pas à une structure réelle.
refusal-other-label = Autre (message à écrire)
refusal-other-text = { "" }

## E-mails of decisions
mail-status-link = Suivre votre demande :
mail-approved-subject = Votre demande d’espace pour { $organisation } est acceptée
mail-approved-intro = Bonne nouvelle : la demande d’espace « { $space } » pour { $organisation } est acceptée.
mail-approved-next = Votre espace est en cours de création ; vous recevrez un autre e-mail avec son adresse dès qu’il sera prêt.
mail-approved-quota = L’espace permet jusqu’à { $accounts } comptes et { $storage } Go de stockage.
mail-refused-subject = Votre demande d’espace pour { $organisation }
mail-refused-intro = Nous avons examiné la demande d’espace pour { $organisation } et ne pouvons pas y donner suite, pour la raison suivante :
mail-info-subject = Des précisions sont nécessaires pour votre demande ({ $organisation })
mail-info-intro = Nous avons commencé à examiner la demande d’espace pour { $organisation } et avons besoin de précisions :
mail-info-how = Complétez votre demande en ouvrant le lien ci-dessous ; elle reviendra ensuite dans notre file.
mail-info-link = Compléter ma demande :
mail-new-application-subject = Nouvelle demande : { $organisation }
mail-new-application-summary = { $organisation } ({ $type }, { $city }) vient de confirmer sa demande.
mail-review-link = Examiner la demande :
mail-digest-subject = { $count ->
    [one] Une nouvelle demande à examiner
   *[other] { $count } nouvelles demandes à examiner
}
mail-digest-intro = Demandes confirmées depuis hier ({ $count }) :


## Applicant edit
edit-title = Compléter votre demande
edit-heading = Compléter votre demande
edit-intro = L’équipe a besoin de précisions. Voici son message ; corrigez ou complétez votre demande ci-dessous, puis renvoyez-la. L’adresse e-mail, déjà confirmée, ne peut pas changer ici.
edit-submit = Renvoyer ma demande
status-edit-link = Compléter ma demande
api-error-provisioning-conflict = Cette demande n’attend pas de création d’espace (statut : { $status }).

## Webhooks
mail-ready-subject = Votre espace pour { $organisation } est prêt
mail-ready-intro = Votre espace « { $space } » est créé et prêt à servir.
mail-ready-next = Connectez-vous à l’adresse ci-dessous avec les identifiants que vous allez recevoir, puis invitez les membres de votre structure.
mail-ready-link = Votre espace :
mail-endpoint-disabled-subject = Webhook désactivé : { $url }
mail-endpoint-disabled-intro = Les livraisons vers { $url } échouent depuis plus de { $days } jours ; l’adresse a été désactivée. Les livraisons en attente reprendront quand vous la réactiverez.
mail-endpoint-link = Voir l’adresse et ses livraisons :
error-webhook-scheme = L’adresse doit commencer par https:// ou http://.
error-webhook-credentials = L’adresse ne doit pas contenir d’identifiant ni de mot de passe.
error-webhook-private = Cette adresse mène à un réseau privé ; elle doit être autorisée par webhook_allowed_networks.
admin-nav-webhooks = Webhooks
admin-col-status = État
admin-webhooks-title = Webhooks
admin-webhooks-heading = Webhooks de création d’espace
admin-webhooks-intro = Chaque événement (demande confirmée, acceptée, refusée…) est envoyé, signé, aux adresses ci-dessous, et renvoyé jusqu’à réussite.
admin-webhooks-none = Aucune adresse enregistrée.
admin-webhooks-add = Ajouter une adresse
admin-webhooks-add-submit = Ajouter
admin-webhooks-description = Description (facultative)
admin-webhooks-events = Événements
admin-webhooks-events-hint = Sans case cochée, tous les événements sont envoyés.
admin-webhooks-all-events = tous les événements
admin-webhooks-created = Adresse ajoutée :
admin-webhooks-secret-once = Voici son secret de signature. Il ne sera plus affiché : copiez-le maintenant dans le service qui reçoit les webhooks.
admin-webhooks-rotated = Nouveau secret (l’ancien signe encore pendant la période de transition) ; il ne sera plus affiché :
admin-webhooks-rotation-until = Les deux secrets signent jusqu’au
admin-webhooks-enabled = active
admin-webhooks-disabled = désactivée
admin-webhooks-failing-since = en échec depuis le
admin-webhooks-test = Envoyer un événement de test
admin-webhooks-rotate = Changer le secret
admin-webhooks-delete = Supprimer
admin-webhooks-edit = Modifier l’adresse
admin-webhooks-deliveries = Livraisons
admin-webhooks-event = Événement
admin-webhooks-attempts = Tentatives
admin-webhooks-last = Dernière réponse
admin-webhooks-redeliver = Renvoyer
admin-webhooks-redeliver-failed = Renvoyer les livraisons échouées de la période
admin-webhooks-no-delivery = Aucune livraison.
admin-webhooks-application = la demande
admin-webhooks-response = Réponse reçue
admin-delivery-pending = En attente
admin-delivery-succeeded = Livrée
admin-delivery-failed = Échouée
admin-retry-provisioning = Relancer la création de l’espace
admin-provisioning-failed-banner = { $count ->
    [one] La création d’un espace a échoué.
   *[other] La création de { $count } espaces a échoué.
}
admin-space-url = Adresse de l’espace
admin-deliveries-heading = Webhooks envoyés
timeline-application-activated = Espace créé
timeline-application-provisioning_failed = Échec de la création de l’espace
timeline-application-provisioning_retried = Création de l’espace relancée
