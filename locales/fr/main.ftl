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
