"""The registry of every file the course downloads: where it comes from and its sha256.

One entry per data set. Each file names its upstream source (the real URL a learner's machine fetches
from), where it sits in a mirror laid out like the course mirror (``data/...``, ``weights/...``), and how
to turn what was fetched into the stored file (as is, gunzipped, or taken out of a zip archive). The
sha256 is always that of the stored file, so a file is checked the same way whichever source it came from.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One place a file can be fetched from.

    ``location`` is a URL for an upstream source, or a path relative to the mirror root for a mirror.
    ``unpack`` is ``""`` (store as fetched), ``"gzip"`` (gunzip it) or ``"zip"`` (take the archive
    member with the stored file's name).
    """

    location: str
    unpack: str = ""


@dataclass(frozen=True)
class DataFile:
    """One stored file: its path under the data folder, its sha256 and the sources it can come from."""

    path: str
    sha256: str
    mirror: Source
    upstream: Source | None = None
    licence: str = ""


MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
KAGGLE_ASL_URL = "https://www.kaggle.com/api/v1/datasets/download/datamunge/sign-language-mnist"
OLD_COURSE_URL = (
    "https://raw.githubusercontent.com/bdp612/nvidiaCourses-2-Getting-Started-With-Deep-Learning/"
    "17b18db8248423a3b26dd0f107ae8a726a9b7aee/data/"
)
NEW_COURSE_URL = (
    "https://raw.githubusercontent.com/NVDLI/fundamentals-of-deep-learning-zh/"
    "537dddc6cfe466b344ade8f9dff653a029061994/course_content/tutorials/data/"
)


def _mnist(name: str, sha256: str) -> DataFile:
    # torchvision.datasets.MNIST looks for the archives in <root>/MNIST/raw and unpacks them itself.
    return DataFile(f"MNIST/raw/{name}", sha256, Source(f"data/mnist/{name}"), Source(MNIST_URL + name),
                    "CC BY-SA 3.0, Yann LeCun, Corinna Cortes, Christopher J.C. Burges")


def _asl_csv(name: str, sha256: str) -> DataFile:
    return DataFile(f"asl_data/{name}", sha256, Source(f"data/asl_data/{name}.gz", "gzip"),
                    Source(KAGGLE_ASL_URL, "zip"), "CC0 1.0, Kaggle datamunge/sign-language-mnist")


def _course_file(folder: str, name: str, sha256: str, base: str, licence: str) -> DataFile:
    return DataFile(f"{folder}/{name}", sha256, Source(f"data/{folder}/{name}"),
                    Source(f"{base}{folder}/{name}"), licence)


def _weights(name: str, sha256: str) -> DataFile:
    # Converted ImageNet weights that only the course mirror has: there is no upstream URL.
    return DataFile(f"weights/{name}", sha256, Source(f"weights/{name}"), None,
                    "see the mirror's weights/PROVENANCE.md (converted from ONNX Model Zoo models)")


# sha256 of every photo of the Bo / not-Bo data set, by path under presidential_doggy_door/.
# bo_11.jpg is missing from every public copy of the course, so the training set has 18 photos of Bo.
BO_FILES = {
    "train/bo/bo_1.jpg": "3f8965af69a8fc1c5762e8930224e8880e389a9e06f49482267bb3c6f1c1d50a",
    "train/bo/bo_2.jpg": "bed531f16b2e64978f05744a92ec0e4e038bb9bcf0f2981ee6ec8e621bf06e26",
    "train/bo/bo_3.jpg": "dc65f19fe28907dd2e3df694d79b0ef3a3301c840917f2020e75d34ad40adb75",
    "train/bo/bo_4.jpg": "3abcfbdc3af598126b0676aacc0ce50c5b604778610d5e4d9cb8255eda0fdfd7",
    "train/bo/bo_5.jpg": "2fe9f011e49331e19950212b46270f5b701788c3e42f8deedbaf5ef47da015e5",
    "train/bo/bo_6.jpg": "ce04e20de7cd8502eb097889602d382004e4ff4467e011425eeb428ad79cfee0",
    "train/bo/bo_7.jpg": "cfcbe1d6269684f62240f3dc948bafd41c9d63d261d1372bb55f05b84f3bb757",
    "train/bo/bo_8.jpg": "dbd44c362794631f76d346cfcaa31175b971c52c544c129740ff165b4f13e5b4",
    "train/bo/bo_9.jpg": "83988c85c35379133a4a0e4ffc0769d177e4448c6c2510ca93a36642e0a0f604",
    "train/bo/bo_10.jpg": "09a40b5534e957bd67d7a5978cd5bb72afe9383ca395feb665e6f2b1d39b4715",
    "train/bo/bo_12.jpg": "7eda852a6d8e5f6a153084366c9890002a63d08a8e0458d877af9c3bb94ac23c",
    "train/bo/bo_13.jpg": "793842ece6e9be6b6e86b0148ce783ce233df1eeb5d9b015c2c159c0531935ad",
    "train/bo/bo_14.jpg": "daf38f8c703edd44b52d263ad44f724c42d9b8e9c8d72eac8d8b584e14fbf3e2",
    "train/bo/bo_15.jpg": "183e055b624208ce65afac70b83644ebc9c0490ea26e0ce759d9d3c19e23a754",
    "train/bo/bo_16.jpg": "91a77e7855719c2d7f73d2c3e2c7c17708e0dc1c44657100cb1898c23324239f",
    "train/bo/bo_17.jpg": "6d2ee961d9526ec3084e8b46320050cf3fac2bdf8073d57ceaf73ac7c70cb5d9",
    "train/bo/bo_18.jpg": "be4e1859018b2faed49423603d8b510d32917001d8e0283c2cdf61df06df5d82",
    "train/bo/bo_19.jpg": "39365dfb6218911405b0063bd392ae8320a1a95aed5da0b16db80e11922fd59e",
    "train/not_bo/1.jpg": "a5713e3bfaee0622f76c66210a8133ee5befadec1d8cc41faf6d4b3a7ea7a7b0",
    "train/not_bo/2.jpg": "986549ff13ad299c88666a456bdcb5eadfe49f6f4d17b343f4ba422d41b334e9",
    "train/not_bo/3.jpg": "dec184ec67d4a38be69b895cb11a877e446afcbcb41575bc4ad4aec68662c19a",
    "train/not_bo/4.jpg": "11f0e887268d1641fb433c7d3aca601ac29a408f5862cbc716cc1b1af56834f8",
    "train/not_bo/5.jpg": "04e896b8fc965d74f7fc1fa5e368139421a1fa736d893696751e2dfc33fa0ed6",
    "train/not_bo/6.jpg": "6f46ceb5b55c548a3136d9220158e86339b0831371a8b21ae55f1b379d735b09",
    "train/not_bo/7.jpg": "0e4693c5e7edf3c657d3dc1083dfe3463246777603cc04992e485db3a4a205aa",
    "train/not_bo/8.jpg": "8ffb0278b6efdb847bd153ab4276c892abdb6e1beaf421745b31f0f7a1291d4a",
    "train/not_bo/9.jpg": "4dc22e82e7d0eac4ee00a2a4fb673cc7711a61b887a9e73d5a8d58a98587686a",
    "train/not_bo/10.jpg": "418c9cddc893c9b19fbb1aea55c71d712ce6ce2021d7ba3f7bc7862cce3dc90f",
    "train/not_bo/11.jpg": "87bf4f718711c8c89a9d44f99e939f400fb343900fd1a206d42a76ca51cc9d48",
    "train/not_bo/12.jpg": "63cb002ecc9b0961de80be0e9bbaab5d2fe7550b44a2248b4e7697014836941b",
    "train/not_bo/13.jpg": "c9c8d43b1f9340324f1c4729218c1c7c31d45ab2602266b33127c08b6f2e6510",
    "train/not_bo/14.jpg": "e8571f1aaa0820946b1e32a9ac7fb9a4ce73be91ec0f94a569ac38f98bfbd4db",
    "train/not_bo/15.jpg": "daae6657b1f55c255cedf51e76f4c863391ec7cb7d51d4e5f2764b27f72f2393",
    "train/not_bo/16.jpg": "7d5e2df242d602bc2a7e4b3f50dceecc497cdb38d52b87fae87bb11b2478141b",
    "train/not_bo/17.jpg": "31aa09e0427fef1d6e62f87eb58134d857348a4c7b2805ed8b447984510d3bb4",
    "train/not_bo/18.jpg": "87b8f95343a31e031bcae7e3c2ba9e4e3988d47cfa77a00db9b593501c0d227a",
    "train/not_bo/19.jpg": "8d03edf51dbef701e4047f0848cb236da621cf23b7ff5e01d0c98fcb342727d4",
    "train/not_bo/20.jpg": "beeca5ca387018c381dbad45af3f3e77e331bdcccb37e054d3d2185110ea78bd",
    "train/not_bo/21.jpg": "e45b59ac9dabc72bdcb56aea90d698011c4d73283bc8363ee786623e692199c5",
    "train/not_bo/22.jpg": "cb348cff1f39207b45a1687786ab020b8470b8cc3265f6e840fb062c55503762",
    "train/not_bo/23.jpg": "91152514ec88b31b5d8944ecb1d1063b2d0a0e1c51a56e4a4e1a28d715b6beb3",
    "train/not_bo/24.jpg": "323c267e50ad2f4da60d7dc10ae0fb1f7d28a73cbe108313b5859fefb13ed2d6",
    "train/not_bo/25.jpg": "42d6cc43e6c9c68c8270f620fd2e29323e6bf60d170b953cdfa0c9c21d98f1e3",
    "train/not_bo/26.jpg": "c76d1e2be478a24eb5d1a32d427bcfe5b1e3b0c6bf1790e4598a2d2a5f18827b",
    "train/not_bo/27.jpg": "5932689abe424af9ddd02fd67887c0c886ed9ea309bf0ac6773ae06e9c43a14e",
    "train/not_bo/28.jpg": "7f19645f98ac423d20c45d52e4abbf96ac7b42a27f4d53f0923b1aaf58cf25ac",
    "train/not_bo/29.jpg": "a7d57e09fd2deac884ffd2fc85f950f19945e17319492cc3e11f1e8b27017ef4",
    "train/not_bo/30.jpg": "0fe698a2d1466d2346050dc5d0a3e0ebd7ce4115217c2f3fd34b89e3f26d203c",
    "train/not_bo/31.jpg": "ac42ddc57e816c8783d6244c7ee5956a6d1889c534de408c6acd4648b2ce751f",
    "train/not_bo/32.jpg": "4d20c922cd7b7a0abbd491b1c21df9dd3567dbbcd66b95cd6437491c678e4d94",
    "train/not_bo/33.jpg": "cda06855cf3d1e145f6890228d2951c99082471bca5f96d838272b4ec4308dd8",
    "train/not_bo/34.jpg": "0ffd5ae8d2f1af766c811539f24c5c87ec40cb180253ae0a517fff8b7494402f",
    "train/not_bo/35.jpg": "393293ae914c68f0f803208d5e712b7efbcb73b8bd25fd9ac01a8d1706f01030",
    "train/not_bo/36.jpg": "d75354d239543dea8c597bb6029b4954399aacea664b07dde2975fabc7fa8e3f",
    "train/not_bo/37.jpg": "6377af9b733847c486eb2525da6ee8c79a4430dafc1587616ffec5214a696a9b",
    "train/not_bo/38.jpg": "812d17723a039142a60fbb73610baab7c9ef62fe161f7d76e802c02aed22d406",
    "train/not_bo/39.jpg": "c82778f62cda8baf74a666e0e4535ef8502bd20e6e24e27292c0dc6faed43a63",
    "train/not_bo/40.jpg": "ec0f85c1d9eecc43a3c1f03fe4a53e62632967bebc53c65385c05862d9bc6507",
    "train/not_bo/41.jpg": "c11d6ba811d3d2ba085ab3c9c3b6446ddab9f88b201d4e9c5d57ed3f4822fcb7",
    "train/not_bo/42.jpg": "2760c9404da60bbff392a1861a163df943199933aafef53a5d42584765e886a0",
    "train/not_bo/43.jpg": "6c0f22359889c65ff01131245e7266d9900562afc629ac56c5c3be4454889eed",
    "train/not_bo/44.jpg": "a494fa5664298bcf6e83aa9e700444dd9d2c7002a6e58d5420d7c0cbe846dc58",
    "train/not_bo/45.jpg": "7316568495a3aa6152f84833ba60fd9a2bff511e9cdf82b4ac7ea86d72964d58",
    "train/not_bo/46.jpg": "f3e7fb41530b90abb239ba3e32cc966973ba9ccdbf1153b76146908ac186664f",
    "train/not_bo/47.jpg": "aabcd903ff4fbd7b7c749f6694d114d4a1658a668f375f357fbd1db061060aff",
    "train/not_bo/48.jpg": "45629b220d31ed03ead6bd61c829ebe3972cc6a22fce5ab1d05522df5048c851",
    "train/not_bo/49.jpg": "8847db239790a0f36134080ec69fc923e225d8e74645ffaba8ea53d532d54f1c",
    "train/not_bo/50.jpg": "34c31970a4992a4225fd7d49ad2e0742406ea9a8862d002af7549e60bf109a0d",
    "train/not_bo/51.jpg": "4a09a28f0d89e5b00d7600a7754ba9a73d280ed45c02b4efb29745725cacea17",
    "train/not_bo/52.jpg": "3a71e6f19d8fde2e0aa165f3c92f2786a69427aeafd3abe508b7820578b00ac9",
    "train/not_bo/53.jpg": "250bd97eb0f5589d1c2c46f1e105b14ed788065c33173fd56b716092c0d2a66f",
    "train/not_bo/54.jpg": "86bad9473ba5bd2901fcd16146e7409bab099631fdc3270d52c9d36095ccd597",
    "train/not_bo/55.jpg": "afa6d3ec8444584f51a153842c4b1214131199f8b29d6c3f264768eb7f916a39",
    "train/not_bo/56.jpg": "51a217b063e07a8fd81b92b558edb8cc596e2a7b992bfccbe58ed9d6921838cb",
    "train/not_bo/57.jpg": "6940d7f94c2a4c2b17ca308f1f8f60c2c06daac9dbc4553f71660fd0f77914e9",
    "train/not_bo/58.jpg": "7e631c028fb88dfdb27ec5d31798d65804d513a68b57032d1e7ca0ce43c27aba",
    "train/not_bo/59.jpg": "4012724287a6f815b10274048dc84c1a0c44f7b334d5418fccf8e2f5bfffc736",
    "train/not_bo/60.jpg": "148b769dc2265025bd39fe360ba2341d525381df517bd4400afd3d7aef4bbe8d",
    "train/not_bo/61.jpg": "0d627007d9cdf8cfe0c27209d1aaa3f32ee0a6acd4d5c2df6a7d0735000cb031",
    "train/not_bo/62.jpg": "bf80e97ed7365bb37dabc0ce9098a6144092a81b6a2ad7740dfaa7425a511da3",
    "train/not_bo/63.jpg": "5c08d8a73a5633b0e8d3b59035d393e7d44a62d48f8c443d57bf3405364718af",
    "train/not_bo/64.jpg": "adf7334770ff1ec85796c7da9581ae063fdb567192db488fbe5e0c6a598130ee",
    "train/not_bo/65.jpg": "eb2321739f57d2372484ca99e3d5aa379cf845afd28e6e997d8ff633b87d6308",
    "train/not_bo/66.jpg": "722c2c14145c3509fbf0c1411cf1938621d656cb52a41f19595c4d9fe8aeac63",
    "train/not_bo/67.jpg": "e5b1ed83e457d895bf362948971c2d87e949903301549dfe2a9285889b33fe00",
    "train/not_bo/68.jpg": "8f76e2162a136e3c8c995242f4156638f62d9fc2becb6f3e1201fe3c68e1d92a",
    "train/not_bo/69.jpg": "294fd5e81073cd56d02a08e7d7ea97a08659c8dc0657ec89b6fb9a5460aea9ce",
    "train/not_bo/70.jpg": "7730461927a302ee14dbd319bb2759242f9b703588bbb4c6129fd025ef7afd60",
    "train/not_bo/71.jpg": "1a5c38ef8d161923769d1bad62b8c429c78449318e989a8351c28ab699670294",
    "train/not_bo/72.jpg": "c35e11e5489a5a38c8fb0bea72fc29016b824bbc325146ae29e24b92a96b4e75",
    "train/not_bo/73.jpg": "71affccc614dcf8a1dd5c6d2e693e896ca49502bbacbdea02080a78986e2115d",
    "train/not_bo/74.jpg": "c09cd0929550d85fe09e721580ef462b66c4de129b9d30670c431928e108a3cd",
    "train/not_bo/75.jpg": "9bf817f8fc37927aebf59340e332ca5df81e219519ab24f996984af11f624cd1",
    "train/not_bo/76.jpg": "9910058ec83025bcc4f23b36118dd44233b65d9253ec2301bd9ae262c1aa8265",
    "train/not_bo/77.jpg": "41508964efb9ca91ac956f46b55992640eb936571f52f64e6483b456c42e7f1a",
    "train/not_bo/78.jpg": "2a4efd0d53069e0c5b9c34b44ceae0fc90fdbeca198c6b4edb6049a1239da9b5",
    "train/not_bo/79.jpg": "b2f40bd1d94a4fd8758728a0428cbbef84c13c95b07fa8b184fb88ff64377586",
    "train/not_bo/80.jpg": "2b943ece93e3f4cf4db2f31007ae020b0922b6946c7f3058790f432ea4a30fc7",
    "train/not_bo/81.jpg": "5de3e8a60107c5ef0f88851476ab5faa56bb82c11c9a5e56a8ad33de7d585468",
    "train/not_bo/82.jpg": "cacc9c661cc42e16a424b42bd932c4fb47a7c6d692d3a5cf2c75c0f8cd74110f",
    "train/not_bo/83.jpg": "2e82fef4518413c58778a51b7e97595a19b0b97a086b7d074378cb2125dfc012",
    "train/not_bo/84.jpg": "0accc3cd787500d079c88ddf6f265cd47f7badcf817e86257f237aa58b61871d",
    "train/not_bo/85.jpg": "220e16b0a93c0e86ba002e602ab91ed9fc5a50dc0c367a0545f83c325bc40ffd",
    "train/not_bo/86.jpg": "9d3d4c55f15686bc94e952e998b4cfa2e365f2ed5f6bd243c8e50db2585350f5",
    "train/not_bo/87.jpg": "5ca2913aaa996b8b3f6125c8b2b7faac182abe0ac9943f421204443ddffaa0a8",
    "train/not_bo/88.jpg": "654786cef0d26bbcdfcfe8f0cae2e503187890204372f23b8c7eed457878c827",
    "train/not_bo/89.jpg": "6a121c41736b40d17f78daf9cd40fc523392e4801fdbcae2b244271503169469",
    "train/not_bo/90.jpg": "17796fe4b5c1bd8f4c93cf86a0c6c9ca6ccf04a8abe0e9a97ab9179986d6dab7",
    "train/not_bo/91.jpg": "f2905f23a6e57e0ebde5fa426eced809943cc29ab042f175b8a1e5d0a1bf4afb",
    "train/not_bo/92.jpg": "d070453ac2a47ce72705d3cf3e8d490fa63accb83c5249759f0f722e301f3fa7",
    "train/not_bo/93.jpg": "b8a5549f2435bc9ee8541a180b1efd0f5bff1a967783a8d00f4846454a97fa89",
    "train/not_bo/94.jpg": "33ab0dddc57506a4ffc1f1aa7cf5f520391a84c698f4700061c3bf7dcf601b3e",
    "train/not_bo/95.jpg": "769e13497f79390d56664ffe68f0e8d28824013a262d18d4c48e83b849fc4b26",
    "train/not_bo/96.jpg": "8571159f5be4d7b1c738b0519b4c8436d892ffc44f02b975dbae254ce40a1137",
    "train/not_bo/97.jpg": "5459120bfdbecd2f45a2905baf60b8a3fee598872dbe325bcb0d6c9c342db426",
    "train/not_bo/98.jpg": "8228152fe70e5297aa3bb9bb9d3b6aa649d6ed369b1b19fac2c6612979776ad7",
    "train/not_bo/99.jpg": "2b35984e5911306a6947075cdce638269579324072daf1a2b992eb55c53701e0",
    "train/not_bo/100.jpg": "daa62eeb6aeb7410a7f89cd921615f2071485c1c506802e2cb204e2c09567db5",
    "train/not_bo/101.jpg": "c28ca1270038fa9d5add09205518802bf7a88de4a14a37785cb2f77d4dcd7dde",
    "train/not_bo/102.jpg": "0a31eb5a3e239a7123ebceece0e469e67aec2578285a6ade6397c4bc04f32b11",
    "train/not_bo/103.jpg": "26b5b260b657458f43b3ba8880e883563abcd37a8dbc55faa2be576e8cd1cf21",
    "train/not_bo/104.jpg": "f4185cb47b4924c4c6a3b9055b30f53b55690ee1df3e05109c9b5e7f98c86466",
    "train/not_bo/105.jpg": "9930c409abd2a19af4147dfef4223617218d23f9bfc510b8cea61a6fe0f62d7d",
    "train/not_bo/106.jpg": "4eeb41d1bbfff4061bfbef273e8f8170ee78e1e6f95664b73c8497027682e3a9",
    "train/not_bo/107.jpg": "d166c7a3976df260f23caada47dba36e802c676ec62ce47ef81250f3530ac159",
    "train/not_bo/108.jpg": "76d2a2ef0a3cd069767e2663efb9744c771234eeea97c7438fca10be0c49b58f",
    "train/not_bo/109.jpg": "318a5e82c165d1ec840b8c62e76c479921323ce00b7996e71015089b54f42963",
    "train/not_bo/110.jpg": "6e11cf537031c74302b7243a6a01e135fca68e52f56818c0b79bd5709b5db6cb",
    "train/not_bo/111.jpg": "cbe5c1a359bc078c6c6ad24ff4421516cd4a8c71dfe2e92667f993a57416d456",
    "train/not_bo/112.jpg": "ae7f686b4533f3cdb101b02057b03be993b6f0ccb0792218236e521c99a3b101",
    "train/not_bo/113.jpg": "a1c7d733b8c91658f9e91073d87668230ac5c8d05a6e4c3a72dfb1b774031445",
    "train/not_bo/114.jpg": "969fd1fac26687c92616be2b691c7972263add3420cfa8f6e88d74311c34d0a8",
    "train/not_bo/115.jpg": "39eb6c37fd03ad1010ec56a681555cb609f85d2694ad0cbd1f05aa44ec5e3cd1",
    "train/not_bo/116.jpg": "4766e7426933935c883b4a6efcb5195beb8c8f7ce1e66aa3f32e6ff0de382e91",
    "train/not_bo/117.jpg": "7da5c2a0d57687b1962db2ce52e0f26a678f4a528f40e7fe0b72a30ab8ccb61f",
    "train/not_bo/118.jpg": "e6d18aefbcd92fc22523834601d7e6609ce0b1c16184ae475d2ff11408f48609",
    "train/not_bo/119.jpg": "440d6f073f3989a59f4d31a03700d95821c5180743da17f59b8a9541b6466f5d",
    "train/not_bo/120.jpg": "945bdbb269bfd66cba3cb5cbec289497889959d7bbd7dae984d4fe73a328b700",
    "valid/bo/bo_20.jpg": "d108c6aebcfc5c7d7721eeb4f23e7a6d93ff9e80ea1ffdec6f477696339a80be",
    "valid/bo/bo_21.jpg": "5df0221e272231a2d84c3513b4a0d9ddfefef26e8d360fc28c838148fd19a316",
    "valid/bo/bo_22.jpg": "585d00a23cebb550caf67edd66d67498c5284e774767bd1b7cc64eb94d4ff6cd",
    "valid/bo/bo_23.jpg": "28cd14040969a18d91380e5430eeda0e1f2c940fc2eff23933ff67aa4a6b5b4c",
    "valid/bo/bo_24.jpg": "35b1f5704dcacd8e17da2c10e21e3def4e793c86a41de5ab77e68911111e44df",
    "valid/bo/bo_25.jpg": "559db876d85c4be0baf0c281afe17ba292d70055a267f604ac08063aa8385c6d",
    "valid/bo/bo_26.jpg": "293a4b7ad9d9ac7476b1b067d18b58738f0b7c068e36bfd329b2ddd005e4263e",
    "valid/bo/bo_27.jpg": "4e99ceeea4ac1860f1b0d44697572d172a03eda86171d88bddf625d0879846e8",
    "valid/bo/bo_28.jpg": "1bd7a3cb7607f3144689c7534d9b2ad68de74341a125831d0a770a36e9c5ed46",
    "valid/bo/bo_29.jpg": "8624ec10cb0d20bbec898141dcf0c1440b90d25079fa670c4397e8575e67d799",
    "valid/not_bo/121.jpg": "c19ea96d18ee6eee7d75606c3cb12225305086f1613fd040b4f4bf96aa7f4612",
    "valid/not_bo/122.jpg": "b33d3f013958c3ee12eda33b49d1a4d6525231dffbd0997a57335af4439d8721",
    "valid/not_bo/123.jpg": "cf28d6cda9f9aee0329249c8451090e7a54fc50e8234b1f65967480f9fc11ec4",
    "valid/not_bo/124.jpg": "b965eee78cd144179d8163c1d0dad331a4daa9c170e8e214d22e8a8fc902ce93",
    "valid/not_bo/125.jpg": "83b647157064069168961a74ab935416cbb185df268fce63d553a9a7173d9b54",
    "valid/not_bo/126.jpg": "85eb4779a645e0645fe575e01c1e5619656cd980d35b660b6680d54cfe42e921",
    "valid/not_bo/127.jpg": "1310dc3f969b8a2e4ea35dcbbeeba4eb0ee85479c3720e6e40cd5c4ddf5b5106",
    "valid/not_bo/128.jpg": "3921641c52d9708e82e7ef472634b94a17b06783bb41e72d70f2dfe4641e5841",
    "valid/not_bo/129.jpg": "ce69afc046a9390898a98a2ac921dd8701d5b935927a84d2c16529e4cfa6d1dd",
    "valid/not_bo/130.jpg": "6e28c3a0eccada2838c4ddf5499b86a7550da8e66db558b285b45b49ad1327c4",
    "valid/not_bo/131.jpg": "68b50f7733974a3035bd5d503cd47520024b073dc4c8443ad162161d32f5738f",
    "valid/not_bo/132.jpg": "f440cdf73f98966613ee2ac071ed9dd8720a8a2bf2fa1c63794bff23b9441ca1",
    "valid/not_bo/133.jpg": "6064776ccd527e32816ee8f54e7828d6f2b0f85518dc2e2504c79f957545fcbb",
    "valid/not_bo/134.jpg": "3263259b99be45c5cc0e5038671815cfa32f3b4e34cdca3b71a3df3edd34fb96",
    "valid/not_bo/135.jpg": "f7f89c41ee6342b963d1446b6e10743cdf60f1509aff9bc080ee020aacb7c292",
    "valid/not_bo/136.jpg": "367039e1bde969e39fdc3759a9034afc6951895ac485a70bc41ce6e9d4e65796",
    "valid/not_bo/137.jpg": "7ac7c40b8093363762cc6bad6d920b109845cad5c5e2a153dc0f3ad8856bafaf",
    "valid/not_bo/138.jpg": "d89c5bd2d4acc8015edec31e066b7f626fbad09dd646cfb3be753be0e5fde2c3",
    "valid/not_bo/139.jpg": "1cfd47859ad6a8a4ed7e1cae262233ba6aede5b3d4798c8e4b9126e80c6fa15b",
    "valid/not_bo/140.jpg": "f0d0091b2cbcef382a6948b3108f6f4b20999c796d5044eca02458c940571b8e",
}

REGISTRY: dict[str, list[DataFile]] = {
    "mnist": [
        _mnist("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
        _mnist("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
        _mnist("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
        _mnist("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    ],
    "asl": [
        _asl_csv("sign_mnist_train.csv", "b7ff39ad5f1210fa765ce11aa5f20c2e97fe467ffc22231aac923c863eef75c4"),
        _asl_csv("sign_mnist_test.csv", "178c0dd21c4b0e86d58df12f14ea1e9efa795ad19d146802b3b28094a16d56ae"),
    ],
    "asl_images": [
        _course_file("asl_images", "a.png", "8f2e13d8293ad1f02f8d373a34e323e3c98a7e0be842d3017fd63d9412d19d9f",
                     OLD_COURSE_URL, "not stated by NVIDIA; crops of the CC0 Kaggle montage"),
        _course_file("asl_images", "b.png", "4e798fc5ad2465448ddacd48d47e4ee01185e07aa42b5661bda6e5cafd3fb5d1",
                     OLD_COURSE_URL, "not stated by NVIDIA; crops of the CC0 Kaggle montage"),
    ],
    "doggy_door_images": [
        _course_file("doggy_door_images", "happy_dog.jpg",
                     "5fd621424e108dd8eff2c7d8d43a251f38a1c61e8c152aa4ffbcc057b5efbd8b", NEW_COURSE_URL,
                     "CC BY 3.0, Plank (Wikimedia Commons), resized by NVIDIA"),
        _course_file("doggy_door_images", "sleepy_cat.jpg",
                     "04a4f8ad5a9b756ae422dccc469bb86b7750c5e654e6acf352c7a607e64a4f41", NEW_COURSE_URL,
                     "CC BY 4.0, Vadim Kudlay / NVIDIA"),
        _course_file("doggy_door_images", "brown_bear.jpg",
                     "40accb5f55aafbc8a1913aebbf46545813c445dc092041a60da821295cdad7cc", NEW_COURSE_URL,
                     "CC BY 4.0, Danielle Detering"),
    ],
    "presidential_doggy_door": [
        _course_file("presidential_doggy_door", path, sha, OLD_COURSE_URL, "unknown; from the NVIDIA DLI course")
        for path, sha in BO_FILES.items()
    ],
    "squeezenet1_1_weights": [
        _weights("squeezenet1_1_imagenet1k_deepscale_v1.1.pth",
                 "0b6597c296a5c5c9e946305014431076e168ebc408fa9d3c8efe51721634079e"),
    ],
    "mobilenet_v2_weights": [
        _weights("mobilenet_v2_imagenet1k_onnxzoo_int8_dequantized.pth",
                 "55b8b25ed3b3a89227e78758e99c9d2a82d2c1df784943c7f78cba0de156aaef"),
    ],
}
